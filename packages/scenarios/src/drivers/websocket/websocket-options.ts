/** What a WebSocket run speaks, where, over how many connections — and its resolution. */
import type WebSocket from 'ws';
import type { OptionProblems } from '../driver-error.js';
import { DEFAULT_TIMEOUT_MS } from '../resolve-options.js';

/**
 * The workload's side of a WebSocket run: how to build operation `seq`, and how to
 * recognise its answer. Hot path: these run once per operation/message, so they should
 * not throw (a throw is counted as a bad message, not a crash).
 */
export interface WebSocketProtocol {
  /** The frame for operation `seq` and the id its answer will carry (unique within a run). */
  build(seq: number): { readonly frame: string | Buffer; readonly correlationId: string | number };
  /**
   * The correlation id of the operation this message answers, or undefined for messages
   * that answer none (market data, heartbeats). A frame holding a JSON array is split:
   * `match` sees each element.
   */
  match(message: unknown): string | number | undefined;
  /** For a matched message: its error code when it reports a failure (a reject), else undefined. */
  errorCode?(message: unknown): string | undefined;
  /** Every message that matched no operation, with the time it was read (performance.now() ms). */
  onUnmatched?(message: unknown, receivedAtMs: number): void;
  /** Runs on each connection once it is open, before the load starts (authenticate, subscribe). */
  onOpen?(socket: WebSocket, index: number): Promise<void> | void;
  /** Turns a text frame into a message. @default JSON.parse */
  parse?(text: string): unknown;
}

export interface WebSocketTargetOptions {
  /** ws:// or wss:// URL */
  readonly url: string;
  readonly protocol: WebSocketProtocol;
  /** @default 1 */
  readonly connections?: number;
  /**
   * Operations in flight per connection before it stops taking more (e.g. a gateway that
   * allows one outstanding request per session). @default Infinity
   */
  readonly maxInFlightPerConnection?: number;
  /**
   * bytes. A connection whose `bufferedAmount` reaches this takes no more operations until
   * it drains; the wait is counted (measures.backpressureStalls) and is part of the
   * corrected latency. @default 1 MiB
   */
  readonly highWaterMarkBytes?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Local source addresses, used round-robin (more than ~28,000 connections to one server address). */
  readonly localAddresses?: readonly string[];
  /** ms to open each connection. @default 10000 */
  readonly connectTimeoutMs?: number;
}

export interface ResolvedWebSocketTarget {
  readonly url: string;
  readonly protocol: WebSocketProtocol;
  readonly connections: number;
  readonly maxInFlightPerConnection: number;
  readonly highWaterMarkBytes: number;
  readonly headers: Record<string, string>;
  readonly localAddresses: readonly string[];
  readonly connectTimeoutMs: number;
  /** ms */
  readonly timeoutMs: number;
}

const MIB = 1024 * 1024;

export function resolveWebSocketTarget(
  options: WebSocketTargetOptions & { readonly timeoutMs?: number },
  problems: OptionProblems,
): ResolvedWebSocketTarget {
  problems.url('url', options.url, ['ws:', 'wss:']);
  problems.positive('connections', options.connections, { integer: true, optional: true });
  if (options.maxInFlightPerConnection !== Infinity) {
    problems.positive('maxInFlightPerConnection', options.maxInFlightPerConnection, {
      integer: true,
      optional: true,
    });
  }
  problems.positive('highWaterMarkBytes', options.highWaterMarkBytes, { optional: true });
  problems.positive('connectTimeoutMs', options.connectTimeoutMs, { optional: true });
  const protocol = options.protocol as WebSocketProtocol | undefined;
  if (typeof protocol?.build !== 'function') problems.add('protocol.build', 'must be a function');
  if (typeof protocol?.match !== 'function') problems.add('protocol.match', 'must be a function');
  return Object.freeze({
    url: options.url,
    protocol: options.protocol,
    connections: options.connections ?? 1,
    maxInFlightPerConnection: options.maxInFlightPerConnection ?? Infinity,
    highWaterMarkBytes: options.highWaterMarkBytes ?? MIB,
    headers: { ...options.headers },
    localAddresses: [...(options.localAddresses ?? [])],
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
