import { mkdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';

import { Accounts } from '../accounts/accounts.js';
import { SessionRegistry } from '../accounts/session-registry.js';
import type { ResolvedSystemConfig } from '../config/resolve-system-config.js';
import { HeadroomError, StorageError } from '../errors.js';
import { createGateway } from '../gateway/create-gateway.js';
import type { ConnectionStats, GatewayContext, StreamMarketData } from '../gateway/gateway-context.js';
import { generateInstruments, type Instrument } from '../instruments/generate-instruments.js';
import { OrderJournal } from '../journal/order-journal.js';
import { readJournal, type JournalScan } from '../journal/read-journal.js';
import { createMarketDataFeed } from '../market-data/market-data-feed.js';
import type { MarketDataHub } from '../market-data/market-data-hub.js';
import { MatchingEventBus } from '../matching/matching-event-bus.js';
import type { OrderMatcher } from '../matching/order-matcher.js';
import { HeadroomMetrics } from '../metrics/headroom-metrics.js';
import { meterStore } from '../metrics/metered-store.js';
import { ResourceName } from '../metrics/resource-meter.js';
import { OrderService } from '../orders/order-service.js';
import { OrderTracker } from '../orders/order-tracker.js';
import { createMatcher } from '../shards/create-matcher.js';
import { openStore } from '../store/open-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { lockDataDir } from './data-dir-lock.js';

export const JOURNAL_FILE = 'orders.journal';

export interface StartHooks {
  /** Progress and warnings (journal replay, a torn tail cut off). @default nothing */
  log?: (message: string) => void;
  /**
   * Builds the public market-data feed instead of the built-in one (a MarketDataHub with
   * `config.marketData`): subscribe it to `events`, take book snapshots from `matcher.book`.
   * Returning null runs without a feed (subscriptions are refused with MARKET_DATA_UNAVAILABLE).
   */
  marketData?: (sources: {
    events: MatchingEventBus;
    matcher: OrderMatcher;
    instruments: readonly Instrument[];
  }) => StreamMarketData | null;
}

export interface RunningSystem {
  /** http://host:port, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  readonly config: ResolvedSystemConfig;
  /** Book changes and trades as matching produces them (market data and metrics subscribe). */
  readonly events: MatchingEventBus;
  readonly instruments: readonly Instrument[];
  /** What replay found in the journal at start. */
  readonly replay: JournalScan;
  /** The registry behind GET /metrics (resource contract, work counters, stages). */
  readonly metrics: HeadroomMetrics;
  /** The built-in market-data feed; null when a hook replaced it. */
  readonly marketData: MarketDataHub | null;
  /** Stops accepting, acknowledges what is in flight, closes streams, flushes the journal, closes the store. */
  close(): Promise<void>;
}

/**
 * Starts the reference trading system: claims the data directory, opens the store,
 * rebuilds the books by replaying the journal through matching, then serves the REST API
 * and /v1/stream on config.host:config.port.
 */
export async function startReferenceSystem(
  config: ResolvedSystemConfig,
  hooks: StartHooks = {},
): Promise<RunningSystem> {
  const log = hooks.log ?? (() => undefined);
  try {
    await mkdir(config.dataDir, { recursive: true });
  } catch (error) {
    throw new StorageError(
      'DATA_DIR_UNWRITABLE',
      'usage',
      `cannot create data directory ${config.dataDir}: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  const unlock = await lockDataDir(config.dataDir);
  const cleanup: (() => Promise<void>)[] = [unlock];
  const undo = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  try {
    const instruments = generateInstruments(config.instruments);
    const metrics = new HeadroomMetrics();
    const meter = metrics.meter;
    const rawStore = await openStore(config);
    // SQLite: one connection, statements on this thread; PostgreSQL: a pool of connections.
    const sqlite = rawStore instanceof SqliteStore;
    const dbWriter = meter.resource(ResourceName.DB_WRITER, sqlite ? 1 : config.databasePoolSize);
    const store = meterStore(rawStore, dbWriter, sqlite ? 'sync' : 'async');
    cleanup.push(() => store.close());
    await syncInstruments(store, instruments);

    const events = new MatchingEventBus();
    const matcher = await createMatcher(instruments, events, config.shards, metrics);
    cleanup.push(() => matcher.close());
    const tracker = new OrderTracker(config.orderHistoryLimit);
    const bySymbol = new Map(instruments.map((i) => [i.symbol, i]));
    const orders = new OrderService(matcher, tracker, bySymbol, config.maxPendingOrders);
    orders.onStage((stage, seconds) => metrics.observeStage(stage, seconds));

    const journalFile = join(config.dataDir, JOURNAL_FILE);
    const replayStarted = Date.now();
    const replay = await readJournal(journalFile, (record) => orders.replay(record));
    log(`journal: replayed ${replay.records} records in ${Date.now() - replayStarted} ms`);
    if (replay.tornBytes > 0)
      log(`journal: cut off a torn tail of ${replay.tornBytes} bytes (an unacknowledged write)`);
    const journal = await OrderJournal.open(
      journalFile,
      config.fsync,
      config.fsyncIntervalMs,
      replay.validBytes,
      meter.resource(ResourceName.JOURNAL_WRITER, 1),
    );
    cleanup.push(() => journal.close());
    orders.attachJournal(journal);
    matcher.startPublishing();

    const lookup =
      config.sessionStore === 'database' && sqlite
        ? (tokenHash: string) => (store as SqliteStore).findSessionSync(tokenHash)
        : undefined;
    const sessions = new SessionRegistry(store, lookup);
    await sessions.start();
    cleanup.push(async () => sessions.stop());
    // Hashes run on the libuv pool; more than its threads at once would queue inside libuv.
    const hashServers = Math.min(config.hashConcurrency, config.hashPoolSize);
    const accounts = new Accounts(store, sessions, config, {
      hashBusy: meter.resource(ResourceName.HASH_POOL, hashServers),
      onRegistered: () => metrics.countWork('registrations'),
    });

    const builtInFeed =
      hooks.marketData === undefined
        ? createMarketDataFeed(
            events,
            (symbol, depth) => matcher.book(symbol, depth),
            config.marketData,
            metrics,
          )
        : null;
    const marketData =
      hooks.marketData !== undefined ? hooks.marketData({ events, matcher, instruments }) : builtInFeed;

    const lifecycle = { closing: false };
    const connections: ConnectionStats = { dropped: 0, acceptErrors: 0, streams: 0, rejectedUpgrades: 0 };
    const context: GatewayContext = {
      config,
      accounts,
      orders,
      marketData,
      metrics,
      instruments,
      connections,
      journalStats: () => journal.snapshot(),
      startedAt: Date.now(),
      lifecycle,
      onInternalError: (error) =>
        log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    };
    const { app, stream } = createGateway(context);
    const server = app.server;
    // Past this many sockets the server closes new ones at once ('drop'), before the process
    // runs out of descriptors; accept() failing anyway (EMFILE) is counted, never thrown.
    server.maxConnections = config.maxConnections;
    server.on('drop', () => connections.dropped++);
    let openSockets = 0;
    server.on('connection', (socket: Socket) => {
      openSockets++;
      socket.once('close', () => openSockets--);
    });
    metrics.trackConnections(() => ({
      stream: connections.streams,
      http: openSockets - connections.streams,
    }));
    try {
      await app.listen({ host: config.host, port: config.port });
    } catch (error) {
      await app.close().catch(() => undefined);
      const code = String((error as { code?: unknown }).code);
      throw new HeadroomError(
        'LISTEN_FAILED',
        ['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL', 'ENOTFOUND'].includes(code) ? 'usage' : 'internal',
        `cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    server.on('error', () => connections.acceptErrors++);

    const port = (server.address() as AddressInfo).port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    let closing: Promise<void> | null = null;
    const close = async () => {
      lifecycle.closing = true;
      const httpClosed = app.close(); // stops listening now; resolves once every connection has ended
      await orders.drain();
      await stream.close();
      builtInFeed?.close();
      await untilClosed(server, httpClosed);
      await undo();
      if (config.ephemeralDataDir) await rm(config.dataDir, { recursive: true, force: true });
    };
    return {
      url: `http://${host}:${port}`,
      port,
      config,
      events,
      instruments,
      replay,
      metrics,
      marketData: builtInFeed,
      close: () => (closing ??= close()),
    };
  } catch (error) {
    await undo();
    if (config.ephemeralDataDir) await rm(config.dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Waits for the HTTP server to finish closing. Node closes idle keep-alive connections once,
 * when closing starts; a connection busy then becomes idle later (its response said
 * `Connection: close`, but a client may not have acted on it yet), so idle connections are
 * reaped every 50 ms, and after a grace period whatever is left is cut.
 */
async function untilClosed(server: Server, closed: Promise<void>, graceMs = 5000): Promise<void> {
  const started = Date.now();
  const reaper = setInterval(() => {
    if (Date.now() - started > graceMs) server.closeAllConnections();
    else server.closeIdleConnections();
  }, 50);
  try {
    await closed;
  } finally {
    clearInterval(reaper);
  }
}

/** Stores the instrument list when the stored one differs in length (the list is deterministic). */
async function syncInstruments(store: Store, instruments: readonly Instrument[]): Promise<void> {
  if ((await store.countInstruments()) !== instruments.length) await store.replaceInstruments(instruments);
}
