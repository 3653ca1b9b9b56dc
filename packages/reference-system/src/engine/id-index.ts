import { mixHash } from './hash.js';
import type { OrderNode } from './order-node.js';

/**
 * Live orders by id, for O(1) cancel. The same layout as ClientOrderIndex (see there for
 * why): open addressing with linear probing and backward-shift deletion, load ≤ 3/4,
 * non-zero 32-bit tags (hashes of the id) in an Int32Array and the orders beside them; a
 * tag match is confirmed against the order's own id, which a lookup reads anyway.
 */
export class IdIndex {
  size = 0;
  /** 0 marks a free slot. */
  private tags: Int32Array;
  private orders: (OrderNode | null)[];
  private mask: number;
  /** A tag's home slot is its top bits: `tag >>> shift`. */
  private shift: number;

  /** `capacity`: how many entries to hold before the first resize. */
  constructor(capacity: number) {
    const bits = Math.max(4, Math.ceil(Math.log2((capacity * 4) / 3 + 1)));
    this.tags = new Int32Array(1 << bits);
    this.orders = new Array<OrderNode | null>(1 << bits).fill(null);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  get(orderId: number): OrderNode | undefined {
    const tag = idTag(orderId);
    const tags = this.tags;
    for (let i = tag >>> this.shift; ; i = (i + 1) & this.mask) {
      const t = tags[i];
      if (t === 0) return undefined;
      if (t === tag) {
        const order = this.orders[i]!;
        if (order.orderId === orderId) return order;
      }
    }
  }

  /** Files a live order under its id (a positive safe integer not filed yet). */
  add(order: OrderNode): void {
    if (4 * (this.size + 1) > 3 * this.tags.length) this.grow();
    const tag = idTag(order.orderId);
    const tags = this.tags;
    let i = tag >>> this.shift;
    while (tags[i] !== 0) i = (i + 1) & this.mask;
    tags[i] = tag;
    this.orders[i] = order;
    this.size++;
  }

  /** Removes this very order; false if it is not filed. */
  delete(order: OrderNode): boolean {
    const { tags, orders, mask, shift } = this;
    const tag = idTag(order.orderId);
    let hole = tag >>> shift;
    for (; ; hole = (hole + 1) & mask) {
      const t = tags[hole];
      if (t === 0) return false;
      if (t === tag && orders[hole] === order) break;
    }
    // Backward shift: pull later entries of the probe run into the hole when the hole
    // lies between their home slot and where they sit, so no tombstones are needed.
    for (let j = (hole + 1) & mask; tags[j] !== 0; j = (j + 1) & mask) {
      const home = tags[j] >>> shift;
      if (j > hole ? home <= hole || home > j : home <= hole && home > j) {
        tags[hole] = tags[j];
        orders[hole] = orders[j];
        hole = j;
      }
    }
    tags[hole] = 0;
    orders[hole] = null;
    this.size--;
    return true;
  }

  /** Doubles the table. It copies every entry, which is why the engine sizes it up front. */
  private grow(): void {
    const old = this.orders;
    const bits = 33 - this.shift;
    this.tags = new Int32Array(1 << bits);
    this.orders = new Array<OrderNode | null>(1 << bits).fill(null);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.size = 0;
    for (const order of old) if (order !== null) this.add(order);
  }
}

/** Non-zero: 0 marks a free slot. Any number (even NaN or a non-integer) hashes safely. */
function idTag(orderId: number): number {
  return mixHash(orderId, 0) | 1;
}
