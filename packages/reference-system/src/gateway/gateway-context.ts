import type { Accounts } from '../accounts/accounts.js';
import type { ResolvedSystemConfig } from '../config/resolve-system-config.js';
import type { Instrument } from '../instruments/generate-instruments.js';
import type { WebSocket } from 'ws';
import type { OrderService } from '../orders/order-service.js';
import type { JournalStats } from '../journal/order-journal.js';
import type { HeadroomMetrics } from '../metrics/headroom-metrics.js';

/** Counters the gateway keeps about its connections (reported by /health). */
export interface ConnectionStats {
  /** HTTP connections refused because maxConnections was reached (net.Server 'drop'). */
  dropped: number;
  /**
   * accept() failures Node reports. EMFILE itself is absorbed by libuv (it accepts and
   * closes the connection with a reserve descriptor), which is why maxConnections stays
   * below the descriptor limit: connections are refused as 'drop' before that happens.
   */
  acceptErrors: number;
  /** WebSocket connections open now. */
  streams: number;
  /** Upgrades refused (wrong path, bad token, shutting down). */
  rejectedUpgrades: number;
}

/**
 * What /v1/stream needs of the market-data feed (the market-data module's hub implements
 * it): the stream registers each connection, forwards `subscribe`/`unsubscribe`, and the
 * feed writes `snapshot`, `subscribed`, `book`, `trade` and its own `error`s to the socket.
 */
export interface StreamMarketData<Connection = unknown> {
  addConnection(socket: WebSocket): Connection;
  /** `id` is the request's own id, echoed in the feed's answer. */
  subscribe(connection: Connection, channel: string, id?: string | number): void;
  unsubscribe(connection: Connection, channel: string, id?: string | number): void;
  removeConnection(connection: Connection): void;
}

/** Everything the routes and the stream need, built once by startReferenceSystem. */
export interface GatewayContext {
  readonly config: ResolvedSystemConfig;
  readonly accounts: Accounts;
  readonly orders: OrderService;
  /** null: the service runs without a public feed and refuses subscriptions (MARKET_DATA_UNAVAILABLE). */
  readonly marketData: StreamMarketData | null;
  /** The Prometheus registry served on GET /metrics; null serves no /metrics route. */
  readonly metrics: HeadroomMetrics | null;
  readonly instruments: readonly Instrument[];
  readonly connections: ConnectionStats;
  readonly journalStats: () => JournalStats;
  readonly startedAt: number;
  /** Set when shutdown begins: responses then ask clients to close their connections. */
  readonly lifecycle: { closing: boolean };
  /** Unexpected errors (bugs): logged, never sent to clients. */
  readonly onInternalError: (error: unknown) => void;
}
