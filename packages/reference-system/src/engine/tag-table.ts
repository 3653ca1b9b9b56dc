/**
 * The layout behind the client-order-id index: an open-addressing hash table (linear
 * probing, backward-shift deletion, load ≤ 3/4) of (tag, handle) pairs packed into one
 * Int32Array. (The id index keeps order pointers instead, see there.) A tag is a non-zero 32-bit hash of the key whose low bits pick its home
 * slot; a handle is the order node's number in its OrderNodes slab. The caller confirms a
 * tag match against the node itself.
 *
 * Why this shape: with hundreds of thousands of live orders the table is far bigger than
 * the caches, so what an operation costs is the cache lines it misses. A tag and its handle
 * share a line, so filing an order right after probing for it touches no new line, and
 * removing an order compares tag and handle without visiting any node. A typed array also
 * holds no pointers: storing into it has no write barrier and the garbage collector never
 * scans it.
 */
export class TagTable {
  /** Entries filed. */
  size = 0;
  /** Slot i is [tag, handle] at [2i, 2i + 1]; tag 0 marks a free slot. */
  private slots: Int32Array;
  /** A tag's home slot is its low bits: `tag & mask`. */
  private mask: number;

  /** `capacity`: how many entries to hold before the first resize. */
  constructor(capacity: number) {
    const bits = Math.max(4, Math.ceil(Math.log2((capacity * 4) / 3 + 1)));
    this.slots = new Int32Array(2 << bits);
    this.mask = (1 << bits) - 1;
  }

  /** The first slot holding `tag`, or -1. Continue with `next`. */
  find(tag: number): number {
    return this.scan(tag & this.mask, tag);
  }

  /** The next slot after `slot` holding `tag`, or -1. */
  next(slot: number, tag: number): number {
    return this.scan((slot + 1) & this.mask, tag);
  }

  handleAt(slot: number): number {
    return this.slots[2 * slot + 1];
  }

  /** Files a pair; the caller knows its key is not filed yet. `tag` must be non-zero. */
  insert(tag: number, handle: number): void {
    if (4 * (this.size + 1) > 3 * (this.mask + 1)) this.grow();
    const slots = this.slots;
    let i = tag & this.mask;
    while (slots[2 * i] !== 0) i = (i + 1) & this.mask;
    slots[2 * i] = tag;
    slots[2 * i + 1] = handle;
    this.size++;
  }

  /** Removes this very pair; false if it is not filed. */
  remove(tag: number, handle: number): boolean {
    const { slots, mask } = this;
    let hole = tag & mask;
    for (; ; hole = (hole + 1) & mask) {
      const t = slots[2 * hole];
      if (t === 0) return false;
      if (t === tag && slots[2 * hole + 1] === handle) break;
    }
    // Backward shift: pull later entries of the probe run into the hole when the hole
    // lies between their home slot and where they sit, so no tombstones are needed.
    for (let j = (hole + 1) & mask; slots[2 * j] !== 0; j = (j + 1) & mask) {
      const home = slots[2 * j] & mask;
      if (j > hole ? home <= hole || home > j : home <= hole && home > j) {
        slots[2 * hole] = slots[2 * j];
        slots[2 * hole + 1] = slots[2 * j + 1];
        hole = j;
      }
    }
    slots[2 * hole] = 0;
    slots[2 * hole + 1] = 0;
    this.size--;
    return true;
  }

  private scan(from: number, tag: number): number {
    const slots = this.slots;
    for (let i = from; ; i = (i + 1) & this.mask) {
      const t = slots[2 * i];
      if (t === 0) return -1;
      if (t === tag) return i;
    }
  }

  /** Doubles the table. It refiles every pair, which is why the engine sizes it up front. */
  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(4 * (this.mask + 1));
    this.mask = 2 * this.mask + 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.insert(old[i], old[i + 1]);
  }
}
