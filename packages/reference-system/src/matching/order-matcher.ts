import type { BookSnapshot, CancelResult, LiveOrder, NewOrder, OrderResult } from '../engine/index.js';

/** A new order with the id the service assigned (ids come from one counter for any number of shards). */
export type NumberedOrder = NewOrder & { readonly orderId: number };

/**
 * How the gateway reaches matching. Asynchronous, so the in-process engine (the monolith,
 * shards: 1) and engines in worker threads (shards: N, routed by symbol) are
 * interchangeable. Contract for every implementation:
 * - calls for one symbol take effect in the order they were made (FIFO per symbol);
 *   that order is the journal's, which is what makes replay rebuild the same books;
 * - results are the engine's own (see engine/types.ts); nothing here throws for a bad order;
 * - engine events are published to the MatchingEventBus given at construction.
 */
export interface OrderMatcher {
  submit(order: NumberedOrder): Promise<OrderResult>;
  cancel(orderId: number, ownerId: number): Promise<CancelResult>;
  /** A live (resting) order, or undefined once it is filled, cancelled or unknown. */
  getOrder(orderId: number): Promise<LiveOrder | undefined>;
  /** L2 snapshot of at most `depth` levels per side; undefined for an unknown symbol. */
  book(symbol: string, depth: number): Promise<BookSnapshot | undefined>;
  /**
   * Starts publishing engine events to the bus. Until then (during journal replay) the
   * books are rebuilt silently: history is not news.
   */
  startPublishing(): void;
  /** Stops the matcher (workers exit); pending calls settle first. */
  close(): Promise<void>;
}
