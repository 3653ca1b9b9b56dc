import {
  MatchingEngine,
  type BookSnapshot,
  type CancelResult,
  type EngineEvents,
  type InstrumentSpec,
  type LiveOrder,
  type OrderResult,
} from '../engine/index.js';
import type { MatchingEventBus } from './matching-event-bus.js';
import type { NumberedOrder, OrderMatcher } from './order-matcher.js';

/**
 * The monolith (shards: 1): one MatchingEngine on the gateway's own event loop. Calls run
 * synchronously and return settled promises, so FIFO per symbol holds trivially.
 * Events reach the bus only while `publishing` is true: replay rebuilds the books without
 * republishing history.
 */
export class InProcessMatcher implements OrderMatcher {
  private readonly engine: MatchingEngine;
  private publishing = false;

  constructor(instruments: readonly InstrumentSpec[], bus: MatchingEventBus) {
    const gate: EngineEvents = {
      onAccepted: (order) => {
        if (this.publishing) bus.onAccepted(order);
      },
      onFill: (fill) => {
        if (this.publishing) bus.onFill(fill);
      },
      onCancelled: (orderId, ownerId, symbol, quantity) => {
        if (this.publishing) bus.onCancelled(orderId, ownerId, symbol, quantity);
      },
      onBookChange: (symbol, side, price, quantity, seq) => {
        if (this.publishing) bus.onBookChange(symbol, side, price, quantity, seq);
      },
    };
    this.engine = new MatchingEngine(instruments, gate);
  }

  startPublishing(): void {
    this.publishing = true;
  }

  get liveOrderCount(): number {
    return this.engine.liveOrderCount;
  }

  async submit(order: NumberedOrder): Promise<OrderResult> {
    return this.engine.submit(order);
  }

  async cancel(orderId: number, ownerId: number): Promise<CancelResult> {
    return this.engine.cancel(orderId, ownerId);
  }

  async getOrder(orderId: number): Promise<LiveOrder | undefined> {
    return this.engine.getOrder(orderId);
  }

  async book(symbol: string, depth: number): Promise<BookSnapshot | undefined> {
    return this.engine.book(symbol, depth);
  }

  async close(): Promise<void> {}
}
