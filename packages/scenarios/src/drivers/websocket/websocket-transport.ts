/**
 * WebSocket connections (ws) carrying operations of a load loop. Any number of operations
 * may be in flight on a connection (or at most `maxInFlightPerConnection`); answers are
 * matched to operations by correlation id, so they may come in any order and several per
 * frame. Operations go round-robin over connections that are open, under their in-flight
 * limit and not backed up (`bufferedAmount` below the high-water mark).
 *
 * Sends made in one turn of the event loop are corked per connection and written with
 * one writev when the turn ends: measured on the dev machine, a write syscall per frame
 * took ~48% of the generator's CPU at 60,000 messages/s. ws has no public cork, so this
 * uses its `_socket` (the net.Socket it writes to) when present, and sends uncorked
 * otherwise. The delay is the rest of the current turn — microseconds. Large frames are
 * not corked: they gain little, and a turn's worth of them would count as backpressure.
 */
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { TIMEOUT_CODE } from '../../measure/latency-recorder.js';
import { NO_CONNECTION, type Operation } from '../../measure/operation.js';
import type { RunLedger } from '../../measure/run-ledger.js';
import { TargetUnreachableError } from '../driver-error.js';
import { BUILD_FAILED_CODE, errorCodeOf } from '../error-code.js';
import type { LoadTransport } from '../run-load.js';
import { openWebSockets } from './open-websockets.js';
import type { ResolvedWebSocketTarget, WebSocketProtocol } from './websocket-options.js';

interface Connection {
  readonly socket: WebSocket;
  /** the TCP socket under `socket`, when ws exposes it, for corking */
  readonly raw: Socket | undefined;
  corked: boolean;
  inFlight: number;
  /** ms, when it last became able to take an operation */
  readyAt: number;
  backedUp: boolean;
}

interface Pending {
  readonly op: Operation;
  readonly id: string | number;
  readonly connection: Connection;
  done: boolean;
}

/** ms, longest wait for close handshakes before sockets are terminated */
const CLOSE_WAIT_MS = 1000;
/** characters (or bytes): frames at least this long are written at once, not corked */
const CORK_MAX_FRAME = 4096;

export class WebSocketTransport implements LoadTransport {
  private readonly connections: Connection[] = [];
  private readonly pending = new Map<string | number, Pending>();
  /** in send order, so the oldest unanswered operation is found first for timeouts */
  private fifo: Pending[] = [];
  private fifoHead = 0;
  private cursor = 0;
  private ledger: RunLedger | undefined;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private stalled = false;
  private connectionErrorCounts = new Map<string, number>();
  private readonly counters = {
    unmatchedMessages: 0,
    lateAnswers: 0,
    badMessages: 0,
    backpressureStalls: 0,
    duplicateCorrelationIds: 0,
    buildFailures: 0,
  };
  private firstBuildError = '';
  private readonly parse: (text: string) => unknown;
  private readonly corked: Connection[] = [];

  constructor(private readonly target: ResolvedWebSocketTarget) {
    this.parse = target.protocol.parse?.bind(target.protocol) ?? JSON.parse;
  }

  /** Opens every connection; throws TargetUnreachableError when none opens. */
  async open(): Promise<void> {
    const { sockets, errors } = await openWebSockets(this.target);
    this.connectionErrorCounts = errors;
    const now = performance.now();
    for (const socket of sockets) {
      if (socket === null) continue;
      const connection: Connection = {
        socket,
        raw: rawSocketOf(socket),
        corked: false,
        inFlight: 0,
        readyAt: now,
        backedUp: false,
      };
      this.connections.push(connection);
      socket.on('message', (data: Buffer, isBinary: boolean) => this.received(data, isBinary));
      socket.on('error', (error) => this.countConnectionError(errorCodeOf(error)));
      socket.on('close', (code: number) => this.closed(connection, code));
    }
    if (this.connections.length === 0) {
      const codes = [...errors].map(([code, n]) => `${code} ×${n}`).join(', ');
      await this.close();
      throw new TargetUnreachableError(
        `could not open any WebSocket connection to ${this.target.url} (${codes})`,
      );
    }
  }

  bind(ledger: RunLedger): void {
    this.ledger = ledger;
    const checkEveryMs = Math.min(250, Math.max(10, this.target.timeoutMs / 10));
    this.timeoutTimer = setInterval(() => this.expire(performance.now()), checkEveryMs);
  }

  trySend(op: Operation): number {
    const { connections, target } = this;
    const n = connections.length;
    let backedUp = false;
    for (let tried = 0; tried < n; tried++) {
      const connection = connections[this.cursor];
      this.cursor = this.cursor + 1 === n ? 0 : this.cursor + 1;
      if (
        connection.socket.readyState !== WebSocket.OPEN ||
        connection.inFlight >= target.maxInFlightPerConnection
      ) {
        continue;
      }
      if (connection.socket.bufferedAmount >= target.highWaterMarkBytes) {
        connection.backedUp = backedUp = true;
        continue;
      }
      if (connection.backedUp) {
        connection.backedUp = false;
        connection.readyAt = performance.now();
      }
      let built: ReturnType<WebSocketProtocol['build']>;
      try {
        built = target.protocol.build(op.seq);
      } catch (error) {
        return this.buildFailed(op, error);
      }
      const { frame, correlationId } = built;
      const entry: Pending = { op, id: correlationId, connection, done: false };
      if (this.pending.has(correlationId)) this.counters.duplicateCorrelationIds++;
      this.pending.set(correlationId, entry);
      this.fifo.push(entry);
      connection.inFlight++;
      this.stalled = false;
      if (!connection.corked && connection.raw !== undefined && frame.length < CORK_MAX_FRAME) {
        this.cork(connection);
      }
      op.sentAt = performance.now();
      connection.socket.send(frame);
      return connection.readyAt;
    }
    if (backedUp && !this.stalled) this.counters.backpressureStalls++;
    this.stalled = backedUp;
    return NO_CONNECTION;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.timeoutTimer !== undefined) clearInterval(this.timeoutTimer);
    await Promise.all(this.connections.map(({ socket }) => closeSocket(socket)));
  }

  connectionErrors(): Record<string, number> {
    return Object.fromEntries(this.connectionErrorCounts);
  }

  measures(): Record<string, number> {
    return {
      connectionsRequested: this.target.connections,
      connectionsOpened: this.connections.length,
      ...this.counters,
    };
  }

  notes(): string[] {
    const failed = this.target.connections - this.connections.length;
    const notes: string[] = [];
    if (failed > 0) {
      notes.push(`${failed} of ${this.target.connections} WebSocket connections could not be opened.`);
    }
    if (this.counters.buildFailures > 0) {
      notes.push(
        `The workload could not build ${this.counters.buildFailures} messages: ${this.firstBuildError}`,
      );
    }
    if (this.counters.backpressureStalls > 0) {
      notes.push(
        `Sends waited ${this.counters.backpressureStalls} times for socket buffers to drain (every usable connection had ≥ ${this.target.highWaterMarkBytes} bytes buffered); the waits are in the corrected latency.`,
      );
    }
    return notes;
  }

  /**
   * The workload's `build` threw: the operation fails as BUILD_FAILED instead of taking
   * the run down. The failure is booked after the caller has booked the send.
   */
  private buildFailed(op: Operation, error: unknown): number {
    op.sentAt = performance.now();
    if (this.counters.buildFailures++ === 0)
      this.firstBuildError = error instanceof Error ? error.message : String(error);
    // setImmediate, not a microtask: a closed-model worker would otherwise rebuild and
    // fail again at once, forever, without letting the window end.
    setImmediate(() => this.ledger?.failed(op, BUILD_FAILED_CODE, performance.now()));
    return op.sentAt;
  }

  private cork(connection: Connection): void {
    connection.corked = true;
    connection.raw!.cork();
    if (this.corked.push(connection) === 1) process.nextTick(this.uncorkAll);
  }

  private readonly uncorkAll = (): void => {
    for (const connection of this.corked) {
      connection.corked = false;
      connection.raw!.uncork();
    }
    this.corked.length = 0;
  };

  private received(data: Buffer, isBinary: boolean): void {
    const now = performance.now();
    let message: unknown;
    try {
      message = this.parse(isBinary ? data.toString('utf8') : data.toString());
    } catch {
      this.counters.badMessages++;
      return;
    }
    if (Array.isArray(message)) for (const element of message as unknown[]) this.handle(element, now);
    else this.handle(message, now);
  }

  private handle(message: unknown, now: number): void {
    const { protocol } = this.target;
    let id: string | number | undefined;
    let code: string | undefined;
    try {
      id = protocol.match(message);
      if (id === undefined) {
        this.counters.unmatchedMessages++;
        protocol.onUnmatched?.(message, now);
        return;
      }
      code = protocol.errorCode?.(message);
    } catch {
      this.counters.badMessages++;
      return;
    }
    const entry = this.pending.get(id);
    if (entry === undefined || this.ledger === undefined) {
      // an answer to no operation in flight: it timed out (or failed) before, or its id was never sent
      this.counters.lateAnswers++;
      return;
    }
    this.settle(entry, now);
    if (code === undefined) this.ledger.succeeded(entry.op, now);
    else this.ledger.failed(entry.op, code, now);
  }

  private settle(entry: Pending, now: number): void {
    this.pending.delete(entry.id);
    entry.done = true;
    const { connection } = entry;
    if (connection.inFlight-- === this.target.maxInFlightPerConnection) connection.readyAt = now;
  }

  private expire(now: number): void {
    const { fifo, ledger } = this;
    while (this.fifoHead < fifo.length) {
      const entry = fifo[this.fifoHead];
      if (!entry.done) {
        if (now - entry.op.sentAt <= this.target.timeoutMs) break;
        this.settle(entry, now);
        ledger?.failed(entry.op, TIMEOUT_CODE, now);
      }
      this.fifoHead++;
    }
    if (this.fifoHead > 4096 && this.fifoHead * 2 > fifo.length) {
      this.fifo = fifo.slice(this.fifoHead);
      this.fifoHead = 0;
    }
  }

  /** A connection closed: what it carried will never be answered. */
  private closed(connection: Connection, closeCode: number): void {
    if (this.closing) return;
    const code = `WS_CLOSE_${closeCode}`;
    this.countConnectionError(code);
    const now = performance.now();
    for (let i = this.fifoHead; i < this.fifo.length; i++) {
      const entry = this.fifo[i];
      if (entry.done || entry.connection !== connection) continue;
      this.settle(entry, now);
      this.ledger?.failed(entry.op, code, now);
    }
  }

  private countConnectionError(code: string): void {
    this.connectionErrorCounts.set(code, (this.connectionErrorCounts.get(code) ?? 0) + 1);
  }
}

function rawSocketOf(socket: WebSocket): Socket | undefined {
  const raw = (socket as unknown as { _socket?: Socket })._socket;
  return typeof raw?.cork === 'function' && typeof raw.uncork === 'function' ? raw : undefined;
}

function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.terminate();
      resolve();
    }, CLOSE_WAIT_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (socket.readyState === WebSocket.OPEN) socket.close(1000);
  });
}
