import { mixHash } from './hash.js';
import type { OrderNode } from './order-node.js';

/**
 * Live orders by id, for O(1) cancel: an open-addressing hash table (linear probing,
 * backward-shift deletion) whose slots hold a tag, a non-zero 32-bit integer whose low
 * bits pick the home slot, in an Int32Array, and the order beside it in a plain array. A
 * tag match is confirmed against the order's own id, which a lookup reads anyway. Unlike
 * the client-order-id index (a TagTable of node handles), it holds the orders themselves:
 * a cancel looks its order up here, and a handle would cost one more cache miss, through
 * the node slab, on every cancel.
 *
 * Ids arrive in increasing order, so the tag files each run of 16 consecutive ids side by
 * side in 16 consecutive slots, at a hashed place per run. Filing a new order then mostly
 * writes cache lines the previous one already brought in, and cancelling a recent order,
 * the usual cancel, finds its slot still in cache. With a random home per id, each of
 * those was a cache miss, a large share of an operation's cost once the books outgrow the
 * caches. Runs make clusters longer than random homes would, so the table is kept at most
 * 3/8 full, where a deletion's backward shift still scans only a few cache lines.
 */
export class IdIndex {
  size = 0;
  /** 0 marks a free slot. */
  private tags: Int32Array;
  private orders: (OrderNode | null)[];
  private mask: number;

  /** `capacity`: how many entries to hold before the first resize. */
  constructor(capacity: number) {
    const bits = Math.min(MAX_BITS, Math.max(4, Math.ceil(Math.log2((capacity * 8) / 3 + 1))));
    this.tags = new Int32Array(1 << bits);
    this.orders = new Array<OrderNode | null>(1 << bits).fill(null);
    this.mask = (1 << bits) - 1;
  }

  get(orderId: number): OrderNode | undefined {
    const tag = idTag(orderId);
    const tags = this.tags;
    for (let i = tag & this.mask; ; i = (i + 1) & this.mask) {
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
    if (8 * (this.size + 1) > 3 * (this.mask + 1) && this.mask < MAX_MASK) this.grow();
    const tag = idTag(order.orderId);
    const tags = this.tags;
    let i = tag & this.mask;
    while (tags[i] !== 0) i = (i + 1) & this.mask;
    tags[i] = tag;
    this.orders[i] = order;
    this.size++;
  }

  /** Removes this very order; false if it is not filed. */
  delete(order: OrderNode): boolean {
    const { tags, orders, mask } = this;
    const tag = idTag(order.orderId);
    let hole = tag & mask;
    for (; ; hole = (hole + 1) & mask) {
      const t = tags[hole];
      if (t === 0) return false;
      if (t === tag && orders[hole] === order) break;
    }
    // Backward shift: pull later entries of the probe run into the hole when the hole
    // lies between their home slot and where they sit, so no tombstones are needed.
    for (let j = (hole + 1) & mask; tags[j] !== 0; j = (j + 1) & mask) {
      const home = tags[j] & mask;
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
    this.tags = new Int32Array(2 * (this.mask + 1));
    this.orders = new Array<OrderNode | null>(2 * (this.mask + 1)).fill(null);
    this.mask = 2 * this.mask + 1;
    this.size = 0;
    for (const order of old) if (order !== null) this.add(order);
  }
}

/**
 * 2^27 slots, which V8 allows a plain array (about 134 million elements); past 3/8 of it,
 * at the engine's largest expectedLiveOrders, the table fills further instead of growing.
 */
const MAX_BITS = 27;
const MAX_MASK = (1 << MAX_BITS) - 1;

/**
 * Low 4 bits: the id's place in its run of 16; above them, a hash of the run. Non-zero, as
 * 0 marks a free slot. Any number (even NaN or a non-integer) hashes safely.
 */
function idTag(orderId: number): number {
  return (mixHash(Math.floor(orderId / 16), 0) << 4) | (orderId & 15) || 16;
}
