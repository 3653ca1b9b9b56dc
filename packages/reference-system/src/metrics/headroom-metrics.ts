import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, exponentialBuckets } from 'prom-client';
import type { MarketDataStats } from '../market-data/market-data-stats.js';
import { ResourceMeter } from './resource-meter.js';

/** Units of work the contract counts (`headroom_work_completed_total{work=…}`). */
export type WorkKind = 'orders' | 'trades' | 'md_messages' | 'registrations';

/** Stages of request handling with their own latency histogram. */
export type Stage = 'auth' | 'validate' | 'match' | 'journal' | 'ack' | 'hash' | 'db' | 'md_flush';

export interface MetricsOptions {
  /**
   * Standard process and Node.js metrics (CPU, memory, GC, event-loop lag).
   * @default true
   */
  readonly defaultMetrics?: boolean;
  /**
   * Resolution of the event-loop lag monitor, ms.
   * @default 10
   */
  readonly eventLoopMonitoringPrecisionMs?: number;
}

/**
 * The reference system's Prometheus registry: the resource contract of DESIGN §6, work
 * counters, per-stage latency histograms, connection and market-data gauges. Hot-path
 * counting is plain arithmetic on this object; prom-client reads it at scrape time through
 * collect() callbacks, so a scrape costs nothing between scrapes.
 */
export class HeadroomMetrics {
  readonly registry = new Registry();
  readonly meter = new ResourceMeter();
  /** Completed work, counted by the gateway, accounts and engine glue. */
  readonly work: Record<WorkKind, number> = { orders: 0, trades: 0, md_messages: 0, registrations: 0 };
  private readonly stageHistogram: Histogram<'stage'>;
  private readonly stageChildren = new Map<Stage, { observe(value: number): void }>();
  private marketData: (() => MarketDataStats) | undefined;
  private connectionsProbe: (() => Readonly<Record<string, number>>) | undefined;

  constructor(options: MetricsOptions = {}) {
    const registry = this.registry;
    if (options.defaultMetrics ?? true) {
      const precision = options.eventLoopMonitoringPrecisionMs ?? 10;
      collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: precision });
    }
    const meter = this.meter;
    meter.eventLoop();
    // Values live in plain fields and are copied into prom-client at scrape time (collect).
    const busy: Counter<'resource'> = new Counter({
      name: 'headroom_resource_busy_seconds_total',
      help: 'Time the resource was busy (measured: event-loop utilisation or time inside the work), seconds',
      labelNames: ['resource'],
      registers: [registry],
      collect: () => {
        busy.reset();
        for (const reading of meter.readings()) busy.inc({ resource: reading.resource }, reading.busySeconds);
      },
    });
    const servers: Gauge<'resource'> = new Gauge({
      name: 'headroom_resource_servers',
      help: 'How many units of work the resource can serve at once',
      labelNames: ['resource'],
      registers: [registry],
      collect: () => {
        servers.reset();
        for (const reading of meter.readings()) servers.set({ resource: reading.resource }, reading.servers);
      },
    });
    const work: Counter<'work'> = new Counter({
      name: 'headroom_work_completed_total',
      help: 'Completed work: orders the engine answered, trades, market-data messages delivered, registrations',
      labelNames: ['work'],
      registers: [registry],
      collect: () => {
        work.reset();
        const md = this.marketData?.();
        for (const [kind, value] of Object.entries(this.work)) {
          work.inc({ work: kind }, kind === 'md_messages' && md ? value + md.messagesSent : value);
        }
      },
    });
    this.stageHistogram = new Histogram({
      name: 'headroom_stage_duration_seconds',
      help: 'Time spent in each stage of request handling, seconds',
      labelNames: ['stage'],
      // 10 µs … ~1.3 s
      buckets: exponentialBuckets(0.00001, 2, 18),
      registers: [registry],
    });
    const connections: Gauge<'kind'> = new Gauge({
      name: 'headroom_connections',
      help: 'Open client connections by kind',
      labelNames: ['kind'],
      registers: [registry],
      collect: () => {
        connections.reset();
        const counts = this.connectionsProbe?.() ?? {};
        for (const [kind, value] of Object.entries(counts)) connections.set({ kind }, value);
      },
    });
    this.registerMarketDataMetrics();
  }

  /** Counts completed work (cheap: one addition). */
  countWork(kind: WorkKind, amount = 1): void {
    this.work[kind] += amount;
  }

  /** Records one stage duration, seconds. */
  observeStage(stage: Stage, seconds: number): void {
    let child = this.stageChildren.get(stage);
    if (!child) {
      child = this.stageHistogram.labels(stage);
      this.stageChildren.set(stage, child);
    }
    child.observe(seconds);
  }

  /** Reads open connection counts at scrape time, e.g. `() => ({ ws: n, http: m })`. */
  trackConnections(probe: () => Readonly<Record<string, number>>): void {
    this.connectionsProbe = probe;
  }

  /** Reads the market-data hub's counters at scrape time (also feeds `md_messages`). */
  trackMarketData(probe: () => MarketDataStats): void {
    this.marketData = probe;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text for `/metrics`. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  private registerMarketDataMetrics(): void {
    const registers = [this.registry];
    const counter = (name: string, help: string, read: (stats: MarketDataStats) => number): void => {
      const metric: Counter = new Counter({
        name,
        help,
        registers,
        collect: () => {
          metric.reset();
          const stats = this.marketData?.();
          if (stats) metric.inc(read(stats));
        },
      });
    };
    const gauge = (name: string, help: string, read: (stats: MarketDataStats) => number): void => {
      const metric: Gauge = new Gauge({
        name,
        help,
        registers,
        collect: () => {
          const stats = this.marketData?.();
          metric.set(stats ? read(stats) : 0);
        },
      });
    };
    counter(
      'headroom_md_events_published_total',
      'Book and trade events published by the engine',
      (s) => s.eventsPublished,
    );
    counter(
      'headroom_md_messages_sent_total',
      'Market-data messages written to subscribers',
      (s) => s.messagesSent,
    );
    counter(
      'headroom_md_frames_sent_total',
      'WebSocket frames written by the market-data fan-out',
      (s) => s.framesSent,
    );
    counter('headroom_md_bytes_sent_total', 'Bytes written by the market-data fan-out', (s) => s.bytesSent);
    counter(
      'headroom_md_conflations_total',
      'Times a slow subscriber was switched to conflation',
      (s) => s.conflations,
    );
    counter(
      'headroom_md_messages_conflated_total',
      'Messages not sent to conflated subscribers',
      (s) => s.messagesConflated,
    );
    counter(
      'headroom_md_disconnects_total',
      'Subscribers disconnected for falling too far behind (close code 4008)',
      (s) => s.slowConsumerDisconnects,
    );
    gauge('headroom_md_connections', 'Connections registered with the market-data hub', (s) => s.connections);
    gauge('headroom_md_subscriptions', 'Active channel subscriptions', (s) => s.subscriptions);
    gauge(
      'headroom_md_conflating_connections',
      'Connections currently conflated',
      (s) => s.conflatingConnections,
    );
    gauge(
      'headroom_md_send_buffer_bytes',
      'Bytes queued in user space for market-data connections (sum of ws.bufferedAmount)',
      (s) => s.sendBufferBytes,
    );
    gauge(
      'headroom_md_send_buffer_max_bytes',
      'Largest send buffer of one market-data connection seen at a write, since start',
      (s) => s.maxSendBufferBytes,
    );
  }
}
