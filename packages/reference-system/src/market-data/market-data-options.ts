import { HeadroomError } from '../errors.js';

export interface MarketDataOptions {
  /**
   * How long events wait before a flush writes them, ms. 0 flushes on the next turn of the
   * event loop (everything published during one turn goes out in one frame per connection).
   * Larger values mean fewer, bigger frames (less fan-out CPU per message) at the price of
   * that much added delivery latency: the knob trades fan-out load for latency.
   * @default 0
   */
  readonly batchIntervalMs?: number;
  /**
   * Levels per side in a subscribe snapshot.
   * @default 1000
   */
  readonly snapshotDepth?: number;
  /**
   * A connection whose unsent bytes (`ws.bufferedAmount`) exceed this at a flush is conflated:
   * it gets nothing until it drains, then a `conflated` notice and fresh snapshots.
   * @default 262144 (256 KiB)
   */
  readonly highWaterBytes?: number;
  /**
   * A conflated connection resumes once its unsent bytes are at or below this.
   * @default highWaterBytes / 4
   */
  readonly lowWaterBytes?: number;
  /**
   * Hard limit of unsent bytes: above it the connection is closed with SLOW_CONSUMER (4008).
   * @default 4194304 (4 MiB)
   */
  readonly maxBufferedBytes?: number;
  /**
   * A connection conflated for longer than this is closed with SLOW_CONSUMER (4008), ms.
   * @default 5000
   */
  readonly maxConflatedMs?: number;
  /**
   * Channels one connection may hold.
   * @default 100000
   */
  readonly maxSubscriptions?: number;
  /**
   * After a slow-consumer close frame, the socket is destroyed if the close handshake has not
   * completed within this many ms (a client that does not read never completes it).
   * @default 1000
   */
  readonly closeGraceMs?: number;
  /**
   * How often conflated connections are checked for recovery or the time limit, ms.
   * @default 25
   */
  readonly conflationCheckMs?: number;
}

export type ResolvedMarketDataOptions = Readonly<Required<MarketDataOptions>>;

/** Validates once and fills defaults; every problem is reported together as `path: message`. */
export function resolveMarketDataOptions(options: MarketDataOptions = {}): ResolvedMarketDataOptions {
  const highWaterBytes = options.highWaterBytes ?? 256 * 1024;
  const resolved: ResolvedMarketDataOptions = {
    batchIntervalMs: options.batchIntervalMs ?? 0,
    snapshotDepth: options.snapshotDepth ?? 1000,
    highWaterBytes,
    lowWaterBytes: options.lowWaterBytes ?? Math.floor(highWaterBytes / 4),
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    maxConflatedMs: options.maxConflatedMs ?? 5000,
    maxSubscriptions: options.maxSubscriptions ?? 100_000,
    closeGraceMs: options.closeGraceMs ?? 1000,
    conflationCheckMs: options.conflationCheckMs ?? 25,
  };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(resolved)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      problems.push(`marketData.${key}: must be a finite number ≥ 0, got ${String(value)}`);
    }
  }
  if (resolved.lowWaterBytes > resolved.highWaterBytes) {
    problems.push(`marketData.lowWaterBytes: must not exceed highWaterBytes (${resolved.highWaterBytes})`);
  }
  if (resolved.highWaterBytes >= resolved.maxBufferedBytes) {
    problems.push(`marketData.highWaterBytes: must be below maxBufferedBytes (${resolved.maxBufferedBytes})`);
  }
  if (resolved.conflationCheckMs < 1) problems.push('marketData.conflationCheckMs: must be at least 1');
  if (problems.length > 0) {
    throw new HeadroomError('INVALID_MARKET_DATA_OPTIONS', 'usage', problems.join('\n'));
  }
  return Object.freeze(resolved);
}
