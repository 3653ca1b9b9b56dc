import type { OrderNode } from './order-node.js';

/**
 * One price on one side of a book: a doubly linked FIFO of resting orders (oldest at the
 * head, which is the next to trade) and the level's running totals.
 */
export class PriceLevel {
  /** Price units. */
  price = 0;
  /** Total resting units. */
  quantity = 0;
  orders = 0;
  head: OrderNode | null = null;
  tail: OrderNode | null = null;

  /** Puts an order at the back of the queue (time priority: it trades last). */
  append(order: OrderNode): void {
    order.level = this;
    order.next = null;
    order.prev = this.tail;
    if (this.tail === null) this.head = order;
    else this.tail.next = order;
    this.tail = order;
    this.quantity += order.remaining;
    this.orders++;
  }

  /**
   * Unlinks an order from anywhere in the queue and takes its remaining quantity off
   * the level total; O(1).
   */
  unlink(order: OrderNode): void {
    const prev = order.prev;
    const next = order.next;
    if (prev === null) this.head = next;
    else prev.next = next;
    if (next === null) this.tail = prev;
    else next.prev = prev;
    order.prev = null;
    order.next = null;
    order.level = null;
    this.quantity -= order.remaining;
    this.orders--;
  }
}
