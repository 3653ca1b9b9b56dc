import { PriceLevel } from './price-level.js';

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
 * pairs.
 */
export type Levels = (number | PriceLevel)[];

/** The key a price sorts under on a side: +1 for bids (higher is better), -1 for asks. */
export const BID_SIGN = 1;
export const ASK_SIGN = -1;

/** The level at index i (0 is the worst price, the last the best). */
export function levelAt(levels: Levels, i: number): PriceLevel {
  return levels[2 * i + 1] as PriceLevel;
}

/**
 * The best level's price, or 0 when the side is empty (prices are positive). Read from
 * its key, which sits in the array, rather than from the level, which may not be cached.
 */
export function bestPrice(levels: Levels, sign: number): number {
  return levels.length === 0 ? 0 : (levels[levels.length - 2] as number) * sign;
}

/** The level at this price, created (from the pool) if there is none. */
export function levelFor(levels: Levels, sign: number, price: number, pool: PriceLevel[]): PriceLevel {
  const key = price * sign;
  const n = levels.length >> 1;
  // Fast path: above the current best, where many new orders go.
  if (n === 0 || (levels[2 * n - 2] as number) < key) return insertAt(levels, n, price, key, pool);
  const i = search(levels, key);
  return levels[2 * i] === key ? (levels[2 * i + 1] as PriceLevel) : insertAt(levels, i, price, key, pool);
}

/** Removes an (empty) level and returns its node to the pool. */
export function removeLevel(levels: Levels, sign: number, level: PriceLevel, pool: PriceLevel[]): void {
  const last = levels.length - 1;
  if (levels[last] !== level) {
    // Shift down by hand: `splice` would allocate the array of removed elements.
    for (let i = 2 * search(levels, level.price * sign); i < last - 1; i++) levels[i] = levels[i + 2];
  }
  levels.length -= 2;
  level.head = null;
  level.tail = null;
  pool.push(level);
}

/** The index of the first pair whose key is at least `key` (levels non-empty). */
function search(levels: Levels, key: number): number {
  let lo = 0;
  let hi = (levels.length >> 1) - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((levels[2 * mid] as number) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertAt(levels: Levels, index: number, price: number, key: number, pool: PriceLevel[]): PriceLevel {
  const level = pool.pop() ?? new PriceLevel();
  level.price = price;
  level.quantity = 0;
  level.orders = 0;
  levels.push(key, level);
  for (let i = levels.length - 1; i > 2 * index + 1; i--) levels[i] = levels[i - 2];
  levels[2 * index] = key;
  levels[2 * index + 1] = level;
  return level;
}
