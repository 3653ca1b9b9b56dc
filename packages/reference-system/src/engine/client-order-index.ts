import { hashString, mixHash } from './hash.js';
import type { OrderNode } from './order-node.js';

/**
 * Live orders by (owner, client order id): the duplicate check. An open-addressing hash
 * table (linear probing, backward-shift deletion, load ≤ 3/4) whose slots hold a tag, a
 * non-zero 32-bit hash of the key, in an Int32Array (16 to a cache line), apart from the
 * orders. A probe, and the usual lookup of a client order id that is not there, reads
 * one dense cache line and touches no order and no string; owner and client order id are
 * compared only when the tag matches.
 *
 * This matters because with hundreds of thousands of live orders the table is far bigger
 * than the caches, and each cache miss costs hundreds of ns on a busy machine: a `Map`
 * walks bucket chains of entries scattered over the heap, and a table of wide entries
 * spreads the same keys over four times the memory.
 */
export class ClientOrderIndex {
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

  /** The tag an order's (owner, client order id) is filed under; kept on the node. */
  static tag(ownerId: number, clientOrderId: string): number {
    return mixHash(ownerId, hashString(clientOrderId)) | 1;
  }

  has(ownerId: number, clientOrderId: string, tag: number): boolean {
    const tags = this.tags;
    for (let i = tag >>> this.shift; ; i = (i + 1) & this.mask) {
      const t = tags[i];
      if (t === 0) return false;
      if (t === tag) {
        const order = this.orders[i]!;
        if (order.ownerId === ownerId && order.clientOrderId === clientOrderId) return true;
      }
    }
  }

  /** Files a live order under `order.clientTag` (its key is not filed yet). */
  add(order: OrderNode): void {
    if (4 * (this.size + 1) > 3 * this.tags.length) this.grow();
    const tags = this.tags;
    let i = order.clientTag >>> this.shift;
    while (tags[i] !== 0) i = (i + 1) & this.mask;
    tags[i] = order.clientTag;
    this.orders[i] = order;
    this.size++;
  }

  /** Removes this very order; false if it is not filed. */
  delete(order: OrderNode): boolean {
    const { tags, orders, mask, shift } = this;
    const tag = order.clientTag;
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
