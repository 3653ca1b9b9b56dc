import { Worker } from 'node:worker_threads';
import type {
  BookSnapshot,
  CancelResult,
  EngineEvents,
  InstrumentSpec,
  LiveOrder,
  OrderResult,
} from '../engine/index.js';
import { HeadroomError } from '../errors.js';
import type { NumberedOrder, OrderMatcher } from '../matching/order-matcher.js';
import { type ResourceMeter, matchingShardResource } from '../metrics/resource-meter.js';
import { type PendingCall, ShardLink } from './shard-link.js';
import { shardOf } from './shard-of.js';
import { Call } from './shard-protocol.js';

export interface ShardedMatcherOptions {
  /** Worker threads, each running the matching engine for its share of the instruments. */
  readonly shards: number;
  /** When given, each shard's event-loop busy time is reported as `matching_shard_<i>`. */
  readonly meter?: ResourceMeter;
}

/** The compiled worker; tests run the TypeScript sources, so they use the build output. */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL('../../dist/src/shards/shard-worker.js', here)
    : new URL('./shard-worker.js', here);
}

/**
 * Matching engines in worker threads, partitioned by instrument (`shardOf`), behind the same
 * OrderMatcher contract as the in-process monolith. Order ids come from the caller, and each
 * instrument lives in exactly one engine that sees its calls in the caller's order, so results,
 * fills, sequence numbers and events are the monolith's for any number of shards. Calls are
 * batched per shard per event-loop turn (see shard-protocol.ts).
 *
 * Cancels and order lookups carry only an order id, so the gateway side keeps the shard of
 * every live order (entered at submit, dropped when the order is done, including makers that
 * the worker reports as filled); an id it does not hold is not live anywhere and is answered
 * here exactly as an engine would (UNKNOWN_ORDER / undefined).
 */
export class ShardedMatcher implements OrderMatcher {
  private readonly links: ShardLink[];
  /** order id → shard, for every order that may be live; shared with the links, which prune it. */
  private readonly routes: Map<number, number>;
  private readonly shardBySymbol = new Map<string, number>();
  private flushScheduled = false;
  private closing: Promise<void> | undefined;

  private constructor(
    links: ShardLink[],
    instruments: readonly InstrumentSpec[],
    routes: Map<number, number>,
  ) {
    this.links = links;
    this.routes = routes;
    for (const spec of instruments) this.shardBySymbol.set(spec.symbol, shardOf(spec.symbol, links.length));
  }

  /** Starts the workers and resolves once every engine is built and its loop is running. */
  static async start(
    instruments: readonly InstrumentSpec[],
    events: EngineEvents,
    options: ShardedMatcherOptions,
  ): Promise<ShardedMatcher> {
    const shards = options.shards;
    if (!Number.isInteger(shards) || shards < 1 || shards > 256) {
      throw new HeadroomError(
        'INVALID_SHARDS',
        'usage',
        `shards: must be an integer from 1 to 256, got ${shards}`,
      );
    }
    const partitions: InstrumentSpec[][] = Array.from({ length: shards }, () => []);
    for (const spec of instruments) partitions[shardOf(spec.symbol, shards)].push(spec);
    const url = workerUrl();
    const routes = new Map<number, number>();
    const links = partitions.map((part, shard) => {
      const instrumentsData = part.map(({ symbol, tickSize, lotSize }) => ({ symbol, tickSize, lotSize }));
      const worker = new Worker(url, {
        workerData: { shard, instruments: instrumentsData },
        name: `shard-${shard}`,
      });
      return new ShardLink(shard, worker, events, routes);
    });
    try {
      await Promise.all(links.map((link) => link.ready));
    } catch (error) {
      await Promise.all(links.map((link) => link.terminate()));
      throw error;
    }
    for (const link of links) options.meter?.workerEventLoop(matchingShardResource(link.shard), link.worker);
    return new ShardedMatcher(links, instruments, routes);
  }

  get shards(): number {
    return this.links.length;
  }

  submit(order: NumberedOrder): Promise<OrderResult> {
    const shard = this.shardOfSymbol(order.symbol);
    // A repeated id (a caller bug the engine rejects) must not take over the first order's route.
    const ownsRoute = !this.routes.has(order.orderId);
    if (ownsRoute) this.routes.set(order.orderId, shard);
    const link = this.link(shard);
    if (link === undefined) return this.unavailable(shard);
    const calls = link.calls;
    calls.push(Call.SUBMIT, order.orderId, order.ownerId, order.clientOrderId, order.symbol, order.side);
    calls.push(order.type, order.price, order.quantity, order.timeInForce);
    return this.expect<OrderResult>(link, { kind: Call.SUBMIT, order, ownsRoute });
  }

  cancel(orderId: number, ownerId: number): Promise<CancelResult> {
    const shard = this.routes.get(orderId);
    if (shard === undefined) return Promise.resolve({ rejectCode: 'UNKNOWN_ORDER', orderId, cancelled: 0 });
    const link = this.link(shard);
    if (link === undefined) return this.unavailable(shard);
    link.calls.push(Call.CANCEL, orderId, ownerId);
    return this.expect<CancelResult>(link, { kind: Call.CANCEL, orderId });
  }

  getOrder(orderId: number): Promise<LiveOrder | undefined> {
    const shard = this.routes.get(orderId);
    if (shard === undefined) return Promise.resolve(undefined);
    const link = this.link(shard);
    if (link === undefined) return this.unavailable(shard);
    link.calls.push(Call.GET_ORDER, orderId);
    return this.expect<LiveOrder | undefined>(link, { kind: Call.GET_ORDER });
  }

  book(symbol: string, depth: number): Promise<BookSnapshot | undefined> {
    const shard = this.shardOfSymbol(symbol);
    const link = this.link(shard);
    if (link === undefined) return this.unavailable(shard);
    link.calls.push(Call.BOOK, symbol, depth);
    return this.expect<BookSnapshot | undefined>(link, { kind: Call.BOOK });
  }

  startPublishing(): void {
    for (const link of this.links) link.calls.push(Call.PUBLISH);
    this.scheduleFlush();
  }

  /** Live orders the gateway side routes to (for diagnostics). */
  get liveOrderCount(): number {
    return this.routes.size;
  }

  /** Lets pending calls settle, then stops the workers. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.flush();
      await Promise.all(this.links.map((link) => link.drained()));
      await Promise.all(this.links.map((link) => link.terminate()));
    })();
    return this.closing;
  }

  private shardOfSymbol(symbol: string): number {
    return this.shardBySymbol.get(symbol) ?? shardOf(String(symbol), this.links.length);
  }

  /** The shard's link, or undefined when calls to it must fail (closing, or the worker died). */
  private link(shard: number): ShardLink | undefined {
    const link = this.links[shard];
    return this.closing !== undefined || link.failure !== undefined ? undefined : link;
  }

  private unavailable<T>(shard: number): Promise<T> {
    const reason = this.links[shard].failure?.message ?? 'the matcher is closing';
    return Promise.reject(new HeadroomError('SHARD_UNAVAILABLE', 'internal', `shard ${shard}: ${reason}`));
  }

  private expect<T>(link: ShardLink, pending: PendingCall): Promise<T> {
    const promise = link.expect(pending) as Promise<T>;
    this.scheduleFlush();
    return promise;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // One message per shard per event-loop turn: every call queued by this turn's I/O goes together.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    for (const link of this.links) link.send();
  }
}
