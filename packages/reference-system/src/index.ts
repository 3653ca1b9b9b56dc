export { HeadroomError, type ErrorCategory } from './errors.js';
export * from './engine/index.js';
export { ApiError, StorageError, SystemConfigError } from './errors.js';
export {
  resolveSystemConfig,
  type FsyncPolicy,
  type HashCost,
  type ResolvedSystemConfig,
  type SystemOptions,
} from './config/resolve-system-config.js';
export {
  startReferenceSystem,
  JOURNAL_FILE,
  type RunningSystem,
  type StartHooks,
} from './system/start-reference-system.js';
export { serveReferenceSystem, type ServeHooks } from './system/serve-reference-system.js';
export { generateInstruments, symbolOf, type Instrument } from './instruments/generate-instruments.js';
export { MatchingEventBus } from './matching/matching-event-bus.js';
export { InProcessMatcher } from './matching/in-process-matcher.js';
export type { NumberedOrder, OrderMatcher } from './matching/order-matcher.js';
export type { ExecutionReport, OrderAck, OrderRequest } from './orders/order-service.js';
export type { OrderState } from './orders/order-tracker.js';
export { openStore, SQLITE_FILE } from './store/open-store.js';
export { SqliteStore } from './store/sqlite-store.js';
export { PgStore, type PgStoreOptions } from './store/pg-store.js';
export type { NewUser, SessionRecord, Store, UserRecord } from './store/store.js';
export { readJournal, type JournalScan } from './journal/read-journal.js';
export type { JournalCancel, JournalOrder, JournalRecord } from './journal/journal-codec.js';
export { STREAM_PATH } from './gateway/stream/stream-server.js';
export type { StreamMarketData } from './gateway/gateway-context.js';
export { MarketDataHub, type SnapshotSource } from './market-data/market-data-hub.js';
export { MarketDataCloseCode, MarketDataErrorCode } from './market-data/close-codes.js';
export {
  resolveMarketDataOptions,
  type MarketDataOptions,
  type ResolvedMarketDataOptions,
} from './market-data/market-data-options.js';
export type { MarketDataStats } from './market-data/market-data-stats.js';
export { epochNowMs } from './market-data/epoch-clock.js';
export {
  HeadroomMetrics,
  type MetricsOptions,
  type Stage,
  type WorkKind,
} from './metrics/headroom-metrics.js';
export {
  ResourceMeter,
  ResourceName,
  libuvThreadpoolSize,
  matchingShardResource,
  type ResourceReading,
} from './metrics/resource-meter.js';
export { BusyResource } from './metrics/busy-resource.js';
export { ShardedMatcher, type ShardedMatcherOptions } from './shards/sharded-matcher.js';
export { shardOf } from './shards/shard-of.js';
export { relaunchWithThreadpoolSize } from './system/relaunch-with-threadpool.js';
export { createMarketDataFeed } from './market-data/market-data-feed.js';
export { createMatcher } from './shards/create-matcher.js';
export type { SessionStoreKind } from './config/resolve-system-config.js';
