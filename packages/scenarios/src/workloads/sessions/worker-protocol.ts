/**
 * Messages between the sessions workload (parent) and its generator processes (children
 * forked from sessions-worker.js), over the Node.js IPC channel as JSON.
 *
 * Times that cross a process boundary are epoch milliseconds
 * (`performance.timeOrigin + performance.now()`): each process has its own
 * performance.now() origin, while the wall clock is shared on one host.
 */
import type { GeneratorSample } from '../../monitor/generator-monitor.js';
import type { GeneratorHealth, LatencyResult, TimelinePoint } from '../../result/types.js';

/** parent → worker: open and hold these connections. */
export interface StartMessage {
  readonly type: 'start';
  /** ws://host:port/v1/stream */
  readonly url: string;
  /** One session token per connection, in connection order. */
  readonly tokens: readonly string[];
  /** Source address of each connection, in connection order (round-robin over the plan's). */
  readonly localAddresses: readonly string[];
  /** Source port of each connection; null when its address has none left (sessions-layout.ts). */
  readonly localPorts: readonly (number | null)[];
  /** This process's spare ports, for a port found busy: first, first + stride, … ≤ last. */
  readonly spareFirstPort: number;
  readonly spareStride: number;
  readonly spareLastPort: number;
  /** This process's share of the plan's connect rate, connections per second. */
  readonly connectRatePerSecond: number;
  /** Handshakes this process keeps in progress at most. */
  readonly maxPendingOpens: number;
  /** ms between heartbeats on one connection */
  readonly heartbeatMs: number;
  /** ms for a connection to open and authenticate, and for a heartbeat to be answered */
  readonly timeoutMs: number;
  /** epoch ms: when opening starts; the heartbeat grid starts here too */
  readonly rampStartEpochMs: number;
  /**
   * Heartbeat phases: connection j of this process is global connection `firstIndex + j`
   * of `totalConnections`, and beats at gridOrigin + (global / total) × heartbeat + k ×
   * heartbeat, so all processes together send at an even rate.
   */
  readonly firstIndex: number;
  readonly totalConnections: number;
}

/** parent → worker: the measured window (it starts a little in the future). */
export interface MeasureMessage {
  readonly type: 'measure';
  /** epoch ms */
  readonly windowStartEpochMs: number;
  readonly windowEndEpochMs: number;
}

/** parent → worker: end now (abort) — report what was measured so far. */
export interface FinishMessage {
  readonly type: 'finish';
}

/** parent → worker: close every connection, then exit. */
export interface CloseMessage {
  readonly type: 'close';
}

export type ParentMessage = StartMessage | MeasureMessage | FinishMessage | CloseMessage;

/** worker → parent: loaded, with its resident memory before holding anything. */
export interface ReadyMessage {
  readonly type: 'ready';
  /** bytes */
  readonly rssBytes: number;
}

/** worker → parent: every connection has opened or failed. */
export interface OpenedMessage {
  readonly type: 'opened';
  readonly held: number;
  /** open failures by code (ECONNRESET, INVALID_TOKEN, CONNECT_TIMEOUT, …) */
  readonly failures: Readonly<Record<string, number>>;
  /** epoch ms when the last connection settled */
  readonly settledEpochMs: number;
  /** bytes, resident memory before opening (after a GC when available) */
  readonly rssBeforeBytes: number;
  /** bytes, resident memory holding `held` connections (after a GC when available) */
  readonly rssHeldBytes: number;
  /** ms, scheduled open → authenticated, per connection (corrected and raw) */
  readonly connect: LatencyResult;
  /** source ports found busy and replaced by a spare one */
  readonly portRetries: number;
  /** this process while it opened: CPU, event-loop use (who limited the open rate?) */
  readonly opening: GeneratorSample;
}

/** worker → parent: about once a second, for progress display. */
export interface ProgressMessage {
  readonly type: 'progress';
  readonly held: number;
  readonly failed: number;
  readonly heartbeatErrors: number;
  /** ms, p99 from send to pong of heartbeats answered in the last second; 0 when none */
  readonly p99Ms: number;
}

/** worker → parent: the measured window is over. */
export interface ResultMessage {
  readonly type: 'result';
  /** connections open and authenticated at the end of the window */
  readonly held: number;
  /** heartbeats (measured window only) */
  readonly heartbeats: {
    readonly scheduled: number;
    readonly sent: number;
    readonly answered: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly errorsByCode: Readonly<Record<string, number>>;
  };
  readonly latency: LatencyResult;
  /** per second of the window: heartbeat errors and latency (offered/achieved: see held) */
  readonly timeline: readonly TimelinePoint[];
  /** connections held at the end of each second of the window */
  readonly heldPerSecond: readonly number[];
  /** held connections the target closed, by `CLOSED_<code>`, during and before the window */
  readonly disconnectsInWindow: Readonly<Record<string, number>>;
  readonly disconnectsBeforeWindow: Readonly<Record<string, number>>;
  /** seconds actually measured (shorter when finished early) */
  readonly windowSeconds: number;
  readonly health: GeneratorHealth;
}

/** worker → parent: something this process cannot go on from (reported, then it exits). */
export interface FatalMessage {
  readonly type: 'fatal';
  readonly message: string;
}

export type WorkerMessage = ReadyMessage | OpenedMessage | ProgressMessage | ResultMessage | FatalMessage;
