import type { OrderBook } from './order-book.js';
import type { PriceLevel } from './price-level.js';
import type { Side } from './types.js';

/**
 * A resting order, linked into its price level's FIFO (intrusive: the links live on the
 * order itself, so appending or unlinking allocates nothing and takes O(1)). Nodes are
 * pooled and reused by the engine (see OrderNodes), so a node must never escape to a caller: callers get
 * `LiveOrder` snapshots instead.
 */
export class OrderNode {
  /** This node's number in its OrderNodes slab, for life. */
  readonly handle: number;
  orderId = 0;
  ownerId = 0;
  clientOrderId = '';
  side: Side = 'buy';
  /** Price units. */
  price = 0;
  /** Original quantity, units. */
  quantity = 0;
  /** Still resting, units. */
  remaining = 0;
  book: OrderBook | null = null;
  level: PriceLevel | null = null;
  /** Tag (hash) of (owner, client order id) in the duplicate-check index. */
  clientTag = 0;
  prev: OrderNode | null = null;
  next: OrderNode | null = null;

  constructor(handle: number) {
    this.handle = handle;
  }
}
