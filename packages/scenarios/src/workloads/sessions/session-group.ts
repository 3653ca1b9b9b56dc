/**
 * The connections one generator process holds: opened at its share of the connect rate,
 * authenticated with their own tokens, kept alive with `ping` heartbeats on a shared grid,
 * pongs matched by id, unanswered beats timed out, connections the target closes
 * counted by close code. What is measured comes from HeartbeatWindow; this class only
 * keeps the connections.
 *
 * Times are performance.now() milliseconds of this process; epoch times from the parent
 * are converted with performance.timeOrigin.
 */
import type WebSocket from 'ws';
import { TIMEOUT_CODE } from '../../measure/latency-recorder.js';
import { GeneratorMonitor } from '../../monitor/generator-monitor.js';
import { HeartbeatGrid } from './heartbeat-grid.js';
import { HeartbeatWindow } from './heartbeat-window.js';
import { openSession, type OpenOutcome } from './open-session.js';
import { PacedOpener } from './paced-opener.js';
import type { MeasureMessage, OpenedMessage, ResultMessage, StartMessage } from './worker-protocol.js';

interface Session {
  socket: WebSocket | null;
  held: boolean;
  /** beats sent and not yet answered, oldest first */
  pending: Beat[];
}

interface Beat {
  readonly session: Session;
  readonly id: number;
  readonly scheduledAt: number;
  readonly sentAt: number;
  /** counted by the window (scheduled inside it) */
  measured: boolean;
  done: boolean;
  /** how it ended, kept so a window announced late can still count it */
  answeredAt?: number;
  failure?: { readonly code: string; readonly at: number };
}

/** ms between scans for unanswered heartbeats */
const TIMEOUT_SCAN_MS = 100;
/** ms to wait for close handshakes before the remaining sockets are destroyed */
const CLOSE_WAIT_MS = 2000;
/** Spare ports one connection tries after its own port was found busy. */
const MAX_PORT_RETRIES = 5;
/** The error a bind to a busy port fails with. */
const PORT_BUSY = 'EADDRINUSE';
/** A connection whose address has no port left for it fails with what the kernel would say. */
const NO_PORT = 'EADDRNOTAVAIL';

const toLocal = (epochMs: number): number => epochMs - performance.timeOrigin;

export class SessionGroup {
  private readonly sessions: Session[];
  private readonly grid: HeartbeatGrid;
  private readonly opener: PacedOpener;
  private readonly failures: Record<string, number> = {};
  private readonly disconnectsBeforeWindow: Record<string, number> = {};
  private window: HeartbeatWindow | undefined;
  /** beats in send order, for timeouts; answered ones are skipped when reached */
  private fifo: Beat[] = [];
  private fifoHead = 0;
  private readonly scanTimer: NodeJS.Timeout;
  private heldCount = 0;
  private heartbeatErrors = 0;
  private portRetries = 0;
  /** next spare port, by source address */
  private readonly sparePorts = new Map<string, number>();
  /** ms, send → pong of beats answered since the last progress report (a live figure only) */
  private recentLatencies: number[] = [];

  constructor(private readonly start: StartMessage) {
    const n = start.tokens.length;
    this.sessions = Array.from({ length: n }, () => ({ socket: null, held: false, pending: [] }));
    const rampStart = toLocal(start.rampStartEpochMs);
    this.grid = new HeartbeatGrid(
      rampStart,
      start.heartbeatMs,
      n,
      (j) => ((start.firstIndex + j) / start.totalConnections) * start.heartbeatMs,
      (j, round, scheduledAt) => this.beat(j, round, scheduledAt),
    );
    this.opener = new PacedOpener({
      count: n,
      startMs: rampStart,
      ratePerSecond: start.connectRatePerSecond,
      maxPending: start.maxPendingOpens,
      open: (j) => this.openOne(j),
      onOutcome: (j, outcome) => {
        if (outcome.ok) this.hold(this.sessions[j], outcome.socket);
        else this.failures[outcome.code] = (this.failures[outcome.code] ?? 0) + 1;
      },
    });
    this.scanTimer = setInterval(() => this.expireBeats(), TIMEOUT_SCAN_MS);
  }

  get held(): number {
    return this.heldCount;
  }

  /** Opens every connection; resolves with what was opened once all have settled. */
  async open(): Promise<OpenedMessage> {
    const rssBeforeBytes = residentBytes();
    const monitor = new GeneratorMonitor();
    monitor.start();
    this.grid.start();
    await this.opener.run();
    const opening = monitor.stop();
    return {
      type: 'opened',
      held: this.heldCount,
      failures: { ...this.failures },
      settledEpochMs: performance.timeOrigin + performance.now(),
      rssBeforeBytes,
      rssHeldBytes: residentBytes(),
      connect: this.opener.latency(),
      portRetries: this.portRetries,
      opening,
    };
  }

  /** Opens connection j on its own source port, or on spare ports while that one is busy. */
  private async openOne(j: number): Promise<OpenOutcome> {
    const { start } = this;
    const localAddress = start.localAddresses[j];
    let localPort = start.localPorts[j] ?? null;
    for (let retries = 0; ; retries++) {
      if (localPort === null) return { ok: false, code: NO_PORT };
      const outcome = await openSession({
        url: start.url,
        token: start.tokens[j],
        localAddress,
        localPort,
        timeoutMs: start.timeoutMs,
      });
      if (outcome.ok || outcome.code !== PORT_BUSY || retries === MAX_PORT_RETRIES) return outcome;
      this.portRetries++;
      localPort = this.sparePort(localAddress);
    }
  }

  private sparePort(address: string): number | null {
    const port = this.sparePorts.get(address) ?? this.start.spareFirstPort;
    if (port > this.start.spareLastPort) return null;
    this.sparePorts.set(address, port + this.start.spareStride);
    return port;
  }

  /** Measures the window; resolves when it is over and its measured beats are settled. */
  async measure({ windowStartEpochMs, windowEndEpochMs }: MeasureMessage): Promise<ResultMessage> {
    const window = new HeartbeatWindow(
      toLocal(windowStartEpochMs),
      toLocal(windowEndEpochMs),
      () => this.heldCount,
    );
    this.window = window;
    this.countBeatsSentEarly(window);
    await sleep(Math.max(0, window.endMs - performance.now()));
    this.grid.catchUp();
    // Beats of the window still in flight are answered or time out (the scan) — wait for that.
    while (
      window.pendingMeasured > 0 &&
      performance.now() < window.endMs + this.start.timeoutMs + TIMEOUT_SCAN_MS
    ) {
      await sleep(20);
    }
    return window.result(this.heldCount, this.disconnectsBeforeWindow);
  }

  /** Stops opening and ends the window now (abort); what was measured is returned. */
  finish(): ResultMessage {
    this.opener.stop();
    const window =
      this.window ?? new HeartbeatWindow(performance.now(), performance.now(), () => this.heldCount);
    window.cutShort(performance.now());
    return window.result(this.heldCount, this.disconnectsBeforeWindow);
  }

  /** Closes every connection (close handshake, then destroy what is left). */
  async close(): Promise<void> {
    this.opener.stop();
    this.grid.stop();
    clearInterval(this.scanTimer);
    const closing: Promise<void>[] = [];
    for (const session of this.sessions) {
      const socket = session.socket;
      if (socket === null) continue;
      session.held = false;
      socket.removeAllListeners();
      socket.on('error', () => {});
      // Closing with a handshake lets the server close TCP first (RFC 6455 §7.1.1), so the
      // TIME_WAIT state stays on its side and our source ports are free for the next step.
      closing.push(new Promise((resolve) => socket.once('close', () => resolve())));
      socket.close(1000);
    }
    await Promise.race([Promise.all(closing), sleep(CLOSE_WAIT_MS)]);
    for (const session of this.sessions) session.socket?.terminate();
  }

  /** Progress since the last call: held, failed opens, heartbeat errors, p99 of the last second. */
  progress(): { held: number; failed: number; heartbeatErrors: number; p99Ms: number } {
    const recent = this.recentLatencies.sort((a, b) => a - b);
    this.recentLatencies = [];
    const failed = Object.values(this.failures).reduce((a, b) => a + b, 0);
    const p99Ms =
      recent.length === 0 ? 0 : recent[Math.min(recent.length - 1, Math.floor(recent.length * 0.99))];
    return { held: this.heldCount, failed, heartbeatErrors: this.heartbeatErrors, p99Ms };
  }

  private hold(session: Session, socket: WebSocket): void {
    session.socket = socket;
    session.held = true;
    this.heldCount++;
    socket.on('message', (data: Buffer) => this.onMessage(session, data));
    socket.on('error', () => {}); // 'close' follows and carries the code
    socket.once('close', (code: number) => this.onClosed(session, code));
  }

  private beat(j: number, round: number, scheduledAt: number): void {
    const session = this.sessions[j];
    if (!session.held || session.socket === null) return;
    session.socket.send(`{"type":"ping","id":${round}}`);
    const sentAt = performance.now();
    const measured = this.window?.covers(scheduledAt) ?? false;
    if (measured) this.window!.beatSent(scheduledAt, sentAt);
    const beat: Beat = { session, id: round, scheduledAt, sentAt, measured, done: false };
    session.pending.push(beat);
    this.fifo.push(beat);
  }

  private onMessage(session: Session, data: Buffer): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return;
    }
    for (const message of Array.isArray(parsed) ? (parsed as unknown[]) : [parsed]) {
      const m = message as { type?: unknown; id?: unknown } | null;
      if (m === null || typeof m !== 'object' || m.type !== 'pong') continue;
      const index = session.pending.findIndex((b) => b.id === m.id);
      if (index < 0) continue; // answered after its timeout
      const beat = session.pending[index];
      session.pending.splice(index, 1);
      beat.done = true;
      const now = performance.now();
      beat.answeredAt = now;
      this.recentLatencies.push(now - beat.sentAt);
      if (beat.measured) this.window!.beatAnswered(beat.scheduledAt, beat.sentAt, now);
    }
  }

  private onClosed(session: Session, code: number): void {
    if (!session.held) return;
    session.held = false;
    session.socket = null;
    this.heldCount--;
    const reason = `CLOSED_${code}`;
    const now = performance.now();
    const window = this.window;
    if (window === undefined || !window.started(now)) bump(this.disconnectsBeforeWindow, reason);
    else if (!window.over(now)) bump(window.disconnectsInWindow, reason);
    for (const beat of session.pending) this.fail(beat, reason, now);
    session.pending = [];
  }

  private expireBeats(): void {
    const now = performance.now();
    const fifo = this.fifo;
    while (this.fifoHead < fifo.length && fifo[this.fifoHead].sentAt + this.start.timeoutMs <= now) {
      const beat = fifo[this.fifoHead++];
      if (beat.done) continue;
      const pending = beat.session.pending;
      pending.splice(pending.indexOf(beat), 1);
      this.fail(beat, TIMEOUT_CODE, now);
    }
    if (this.fifoHead > 1024 && this.fifoHead * 2 > fifo.length) {
      this.fifo = fifo.slice(this.fifoHead);
      this.fifoHead = 0;
    }
  }

  private fail(beat: Beat, code: string, now: number): void {
    if (beat.done) return;
    beat.done = true;
    beat.failure = { code, at: now };
    this.heartbeatErrors++;
    if (beat.measured) this.window!.beatFailed(code, now);
  }

  /**
   * The parent announces the window a moment before it starts, but on a loaded machine
   * the message can arrive after beats of the window went out. Those beats are still in
   * the timeout queue (it keeps the last `timeoutMs` of sends), with how they ended:
   * counted here, so a late message loses no beat.
   */
  private countBeatsSentEarly(window: HeartbeatWindow): void {
    for (let i = this.fifoHead; i < this.fifo.length; i++) {
      const beat = this.fifo[i];
      if (beat.measured || !window.covers(beat.scheduledAt)) continue;
      beat.measured = true;
      window.beatSent(beat.scheduledAt, beat.sentAt);
      if (beat.answeredAt !== undefined) window.beatAnswered(beat.scheduledAt, beat.sentAt, beat.answeredAt);
      else if (beat.failure !== undefined) window.beatFailed(beat.failure.code, beat.failure.at);
    }
  }
}

function bump(counts: Record<string, number>, code: string): void {
  counts[code] = (counts[code] ?? 0) + 1;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** bytes, after a full GC when the process runs with --expose-gc (the workload's children do) */
function residentBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage.rss();
}
