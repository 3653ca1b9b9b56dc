import { PriceLevel } from './price-level.js';
import type { Side } from './types.js';

/**
 * One side of a book: its price levels sorted worst price first and best price last, in
 * one array of [key, level] pairs. The key is the price for bids and minus the price for
 * asks, so that on both sides a larger key is a better price. Keys are small integers to
 * V8 and sit unboxed next to their level pointers, so a binary search over prices and the
 * level it finds share cache lines: on a book that is not in cache, each separate array
 * or object on the way costs a cache miss, and those misses are most of a submit's cost.
 *
 * Activity concentrates at the top of the book, the end of the array, so taking the best
 * level is a pop, adding a better one a push, and inserting near the top moves only a few
 * pairs. The best level is always the last pair, which doubles as the best-price cache.
 */
export class BookSide {
  /** [key, level] pairs, ascending by key. */
  readonly entries: (number | PriceLevel)[] = [];
  /** +1 for bids (higher is better), -1 for asks (lower is better). */
  readonly sign: number;

  constructor(
    readonly side: Side,
    private readonly pool: PriceLevel[],
  ) {
    this.sign = side === 'buy' ? 1 : -1;
  }

  /** Number of price levels. */
  get size(): number {
    return this.entries.length >> 1;
  }

  /** The level at index i (0 is the worst price, size - 1 the best). */
  levelAt(i: number): PriceLevel {
    return this.entries[2 * i + 1] as PriceLevel;
  }

  /** The best level, or undefined when this side is empty. */
  best(): PriceLevel | undefined {
    const entries = this.entries;
    return entries.length === 0 ? undefined : (entries[entries.length - 1] as PriceLevel);
  }

  /** The level at this price, created (from the pool) if there is none. */
  level(price: number): PriceLevel {
    const entries = this.entries;
    const key = price * this.sign;
    const n = entries.length >> 1;
    // Fast path: above the current best, where many new orders go.
    if (n === 0 || (entries[2 * n - 2] as number) < key) return this.insertAt(n, price, key);
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((entries[2 * mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return entries[2 * lo] === key ? (entries[2 * lo + 1] as PriceLevel) : this.insertAt(lo, price, key);
  }

  /** Removes an (empty) level and returns its node to the pool. */
  remove(level: PriceLevel): void {
    const entries = this.entries;
    const last = entries.length - 1;
    if (entries[last] !== level) {
      const key = level.price * this.sign;
      let lo = 0;
      let hi = (entries.length >> 1) - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((entries[2 * mid] as number) < key) lo = mid + 1;
        else hi = mid;
      }
      // Shift down by hand: `splice` would allocate the array of removed elements.
      for (let i = 2 * lo; i < last - 1; i++) entries[i] = entries[i + 2];
    }
    entries.length -= 2;
    level.head = null;
    level.tail = null;
    this.pool.push(level);
  }

  private insertAt(index: number, price: number, key: number): PriceLevel {
    const level = this.pool.pop() ?? new PriceLevel();
    level.price = price;
    level.quantity = 0;
    level.orders = 0;
    const entries = this.entries;
    entries.push(key, level);
    for (let i = entries.length - 1; i > 2 * index + 1; i--) entries[i] = entries[i - 2];
    entries[2 * index] = key;
    entries[2 * index + 1] = level;
    return level;
  }
}
