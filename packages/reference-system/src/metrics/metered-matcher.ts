import { performance } from 'node:perf_hooks';
import type { BookSnapshot, CancelResult, LiveOrder, OrderResult } from '../engine/index.js';
import type { NumberedOrder, OrderMatcher } from '../matching/order-matcher.js';
import type { BusyResource } from './busy-resource.js';
import type { HeadroomMetrics } from './headroom-metrics.js';

/**
 * Counts and times matching for the metrics, around any OrderMatcher: `orders` work when the
 * engine answers a submit (once publishing has started: replay is not work), and the `match` stage (call to answer, so for shards it includes the
 * round trip to the worker). With `busy` (the in-process monolith, whose engine runs inside the
 * call) the synchronous part of each call is that resource's busy time; shards measure theirs in
 * their own threads.
 */
export class MeteredMatcher implements OrderMatcher {
  /** Journal replay before publishing starts is not counted as work. */
  private counting = false;

  constructor(
    private readonly inner: OrderMatcher,
    private readonly metrics: HeadroomMetrics,
    private readonly busy?: BusyResource,
  ) {}

  submit(order: NumberedOrder): Promise<OrderResult> {
    const startedAt = performance.now();
    const answer = this.inner.submit(order);
    this.busy?.stop(startedAt);
    if (!this.counting) return answer;
    return answer.then((result) => {
      this.metrics.countWork('orders');
      this.metrics.observeStage('match', (performance.now() - startedAt) / 1000);
      return result;
    });
  }

  cancel(orderId: number, ownerId: number): Promise<CancelResult> {
    return this.timed(() => this.inner.cancel(orderId, ownerId));
  }

  getOrder(orderId: number): Promise<LiveOrder | undefined> {
    return this.timed(() => this.inner.getOrder(orderId));
  }

  book(symbol: string, depth: number): Promise<BookSnapshot | undefined> {
    return this.timed(() => this.inner.book(symbol, depth));
  }

  startPublishing(): void {
    this.inner.startPublishing();
    this.counting = true;
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private timed<T>(call: () => Promise<T>): Promise<T> {
    return this.busy ? this.busy.time(call) : call();
  }
}
