import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { SystemConfigError } from '../errors.js';
import {
  resolveMarketDataOptions,
  type MarketDataOptions,
  type ResolvedMarketDataOptions,
} from '../market-data/market-data-options.js';
import { libuvThreadpoolSize } from '../metrics/resource-meter.js';
import { openFileLimit } from './open-file-limit.js';

/** When the journal forces records to disk, and so when an order is acknowledged. */
export type FsyncPolicy = 'always' | 'batch' | 'off';

/** Where a request's bearer token is looked up. */
export type SessionStoreKind = 'memory' | 'database';

/** scrypt parameters (node:crypto): memory ≈ 128·N·r bytes per hash. */
export interface HashCost {
  /** CPU/memory cost, a power of two. @default 16384 */
  readonly N: number;
  /** Block size. @default 8 */
  readonly r: number;
  /** Parallelisation. @default 1 */
  readonly p: number;
  /** Derived key length, bytes. @default 32 */
  readonly keyLength: number;
}

/** What a caller may set; everything is optional and checked by `resolveSystemConfig`. */
export interface SystemOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** Journal and SQLite database live here. @default a fresh directory under the OS temp dir, removed on close */
  dataDir?: string;
  /** Number of generated instruments. @default 5000 */
  instruments?: number;
  /** @default 'always' */
  fsync?: FsyncPolicy;
  /** How often the 'batch' policy forces the journal to disk, ms. @default 10 */
  fsyncIntervalMs?: number;
  /** postgres://… to keep users, sessions and instruments in PostgreSQL. @default null (SQLite in dataDir) */
  databaseUrl?: string | null;
  hashCost?: Partial<HashCost>;
  /**
   * Password hashes computed at once, each on a libuv pool thread. One below the pool's
   * default 4 threads, so journal writes and fsyncs (same pool) always find a thread.
   * @default 3
   */
  hashConcurrency?: number;
  /** Hashes allowed to wait for a slot before logins are refused with 503. @default 1000 */
  maxHashQueue?: number;
  /** Guards /v1/admin/*; null disables the admin API. @default null */
  adminToken?: string | null;
  /** @default 86400 */
  sessionTtlSeconds?: number;
  /** Largest accepted HTTP body, bytes. @default 65536 */
  bodyLimitBytes?: number;
  /** Largest accepted WebSocket frame, bytes; larger frames close the connection with 1009. @default 65536 */
  frameLimitBytes?: number;
  /** Most messages one WebSocket frame (a JSON array) may carry. @default 1000 */
  maxMessagesPerFrame?: number;
  /** Connections held at once; more are refused and counted. @default open-file limit − 256 */
  maxConnections?: number;
  /** Orders and cancels accepted but not yet durable before new ones are refused (OVERLOADED). @default 20000 */
  maxPendingOrders?: number;
  /** Finished (filled, cancelled) orders whose state GET /v1/orders/:id can still report. @default 200000 */
  orderHistoryLimit?: number;
  /** Most sessions one fixtures request may create. @default 200000 */
  maxFixtureSessions?: number;

  // ---- Topology knobs. Each reproduces one of the usual limits of such a system, so a capacity
  // ---- report can show the bottleneck it creates and, by changing the knob, its fix.
  // ---- (The fsync policy above is one too: 'always' makes the journal writer's fdatasync
  // ---- the limit of order acknowledgements; group commit amortises it.)

  /**
   * Matching engines. 1 is the monolith: matching runs on the gateway's one event loop,
   * together with HTTP, WebSocket, validation and market-data fan-out, so that loop
   * (`gateway_event_loop`) saturates first. N > 1 runs N worker threads partitioned by
   * instrument (`matching_shard_<i>`), the gateway routing by symbol; fills, sequences and
   * durability are the same for any N.
   * @default 1
   */
  shards?: number;
  /**
   * 'memory': sessions are held in memory (written through to the database) and a request's
   * token costs one hash and one map lookup. 'database': every authenticated request reads its
   * session from the database, on the one SQLite connection (`db_writer`) that registrations,
   * logins and fixtures also write through: the stateful-session bottleneck. SQLite only.
   * @default 'memory'
   */
  sessionStore?: SessionStoreKind;
  /**
   * PostgreSQL connections (ignored for SQLite, which always has one writer on the gateway
   * thread). 1 makes a single database writer that every registration, login and session
   * write queues for (`db_writer`, servers 1).
   * @default 4
   */
  databasePoolSize?: number;
  /**
   * Market-data feed: batching interval (`batchIntervalMs`: 0 flushes every event-loop turn;
   * longer batches cut fan-out CPU per message, `md_fanout`, at that much added latency) and
   * slow-consumer limits. See MarketDataOptions.
   */
  marketData?: MarketDataOptions;
}

export interface ResolvedSystemConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** True when nobody named the data directory: it is scratch and removed on close. */
  readonly ephemeralDataDir: boolean;
  readonly instruments: number;
  readonly fsync: FsyncPolicy;
  readonly fsyncIntervalMs: number;
  readonly databaseUrl: string | null;
  readonly hashCost: HashCost;
  readonly hashConcurrency: number;
  readonly maxHashQueue: number;
  readonly adminToken: string | null;
  readonly sessionTtlSeconds: number;
  readonly bodyLimitBytes: number;
  readonly frameLimitBytes: number;
  readonly maxMessagesPerFrame: number;
  readonly maxConnections: number;
  readonly maxPendingOrders: number;
  readonly orderHistoryLimit: number;
  readonly maxFixtureSessions: number;
  readonly shards: number;
  readonly sessionStore: SessionStoreKind;
  readonly databasePoolSize: number;
  readonly marketData: ResolvedMarketDataOptions;
  /**
   * The libuv threadpool this process runs with (UV_THREADPOOL_SIZE, read at start; it cannot
   * change afterwards): scrypt hashes and journal writes share it, so it bounds both. Set the
   * variable before the process starts (`UV_THREADPOOL_SIZE=8 headroom serve`, or
   * `headroom serve --hash-pool-size 8`, which starts the service in a child process with it).
   */
  readonly hashPoolSize: number;
}

const FSYNC_POLICIES: readonly FsyncPolicy[] = ['always', 'batch', 'off'];
const SESSION_STORES: readonly SessionStoreKind[] = ['memory', 'database'];
/** Descriptors kept free for the journal, the database, and accept() itself. */
const FD_RESERVE = 256;

/**
 * Validates options once, reporting every problem together as `path: message`, and fills
 * the defaults. Throws SystemConfigError; the result is frozen and has no optional fields.
 */
export function resolveSystemConfig(options: SystemOptions = {}): ResolvedSystemConfig {
  const problems: string[] = [];
  const int = (name: string, value: unknown, fallback: number, min: number, max: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}: must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return value;
  };

  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.length === 0) problems.push(`host: must be a non-empty string`);

  const fsync = options.fsync ?? 'always';
  if (!FSYNC_POLICIES.includes(fsync)) {
    problems.push(`fsync: must be one of ${FSYNC_POLICIES.join(', ')}, got ${JSON.stringify(fsync)}`);
  }

  const databaseUrl = options.databaseUrl ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(String(databaseUrl))) {
    problems.push(`databaseUrl: must start with postgres:// or postgresql://`);
  }

  const adminToken = options.adminToken ?? null;
  if (adminToken !== null && (typeof adminToken !== 'string' || adminToken.length < 8)) {
    problems.push(`adminToken: must be a string of at least 8 characters`);
  }

  const cost = options.hashCost ?? {};
  const hashCost: HashCost = Object.freeze({
    N: int('hashCost.N', cost.N, 16384, 2, 1 << 20),
    r: int('hashCost.r', cost.r, 8, 1, 32),
    p: int('hashCost.p', cost.p, 1, 1, 16),
    keyLength: int('hashCost.keyLength', cost.keyLength, 32, 16, 128),
  });
  if ((hashCost.N & (hashCost.N - 1)) !== 0)
    problems.push(`hashCost.N: must be a power of two, got ${hashCost.N}`);

  const namedDir = options.dataDir;
  const dirOk = namedDir === undefined || (typeof namedDir === 'string' && namedDir.length > 0);
  if (!dirOk) problems.push(`dataDir: must be a non-empty path`);
  const dataDir =
    namedDir !== undefined && dirOk
      ? resolve(namedDir)
      : join(tmpdir(), `headroom-data-${randomBytes(6).toString('hex')}`);

  const sessionStore = options.sessionStore ?? 'memory';
  if (!SESSION_STORES.includes(sessionStore)) {
    problems.push(
      `sessionStore: must be one of ${SESSION_STORES.join(', ')}, got ${JSON.stringify(sessionStore)}`,
    );
  } else if (sessionStore === 'database' && databaseUrl !== null) {
    problems.push(`sessionStore: 'database' needs the SQLite store (no databaseUrl)`);
  }

  let marketData: ResolvedMarketDataOptions = resolveMarketDataOptions();
  try {
    marketData = resolveMarketDataOptions(options.marketData ?? {});
  } catch (error) {
    problems.push(...(error as Error).message.split('\n'));
  }

  const fdLimit = openFileLimit();
  const defaultMaxConnections = fdLimit === null ? 10_000 : Math.max(16, fdLimit - FD_RESERVE);

  const config: ResolvedSystemConfig = {
    host,
    port: int('port', options.port, 0, 0, 65535),
    dataDir,
    ephemeralDataDir: namedDir === undefined,
    instruments: int('instruments', options.instruments, 5000, 1, 100_000),
    fsync,
    fsyncIntervalMs: int('fsyncIntervalMs', options.fsyncIntervalMs, 10, 1, 10_000),
    databaseUrl,
    hashCost,
    hashConcurrency: int('hashConcurrency', options.hashConcurrency, 3, 1, 1024),
    maxHashQueue: int('maxHashQueue', options.maxHashQueue, 1000, 0, 1_000_000),
    adminToken,
    sessionTtlSeconds: int('sessionTtlSeconds', options.sessionTtlSeconds, 86_400, 1, 365 * 86_400),
    bodyLimitBytes: int('bodyLimitBytes', options.bodyLimitBytes, 65_536, 1024, 64 * 1024 * 1024),
    frameLimitBytes: int('frameLimitBytes', options.frameLimitBytes, 65_536, 1024, 64 * 1024 * 1024),
    maxMessagesPerFrame: int('maxMessagesPerFrame', options.maxMessagesPerFrame, 1000, 1, 100_000),
    maxConnections: int('maxConnections', options.maxConnections, defaultMaxConnections, 1, 10_000_000),
    maxPendingOrders: int('maxPendingOrders', options.maxPendingOrders, 20_000, 1, 10_000_000),
    orderHistoryLimit: int('orderHistoryLimit', options.orderHistoryLimit, 200_000, 0, 100_000_000),
    maxFixtureSessions: int('maxFixtureSessions', options.maxFixtureSessions, 200_000, 1, 10_000_000),
    shards: int('shards', options.shards, 1, 1, 64),
    sessionStore,
    databasePoolSize: int('databasePoolSize', options.databasePoolSize, 4, 1, 1000),
    marketData,
    hashPoolSize: libuvThreadpoolSize(),
  };
  if (problems.length > 0) throw new SystemConfigError(problems);
  return Object.freeze(config);
}
