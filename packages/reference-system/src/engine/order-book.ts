import { ASK_SIGN, BID_SIGN, bestPrice, levelAt, levelFor, removeLevel, type Levels } from './levels.js';
import type { PriceLevel } from './price-level.js';
import type { BookLevel, BookSnapshot, InstrumentSpec } from './types.js';

/**
 * The limit order book of one instrument, with its own event sequence.
 *
 * The best bid and ask prices are kept on the book itself: most orders do not cross, and
 * telling so from these fields spares reading the other side's levels, which on an
 * instrument that is not in cache is two more cache misses (the array, then its
 * elements). For the same reason the level arrays hang off the book directly.
 */
export class OrderBook {
  readonly symbol: string;
  /** Price units per tick. */
  readonly tickSize: number;
  /** Units per lot. */
  readonly lotSize: number;
  /** Last sequence number taken by a trade or a book-level change (0: none yet). */
  seq = 0;
  /** Price of the best bid; 0 when there are no bids. */
  bestBid = 0;
  /** Price of the best ask; 0 when there are no asks. */
  bestAsk = 0;
  readonly bids: Levels = [];
  readonly asks: Levels = [];
  private readonly pool: PriceLevel[];

  constructor(spec: InstrumentSpec, levelPool: PriceLevel[]) {
    this.symbol = spec.symbol;
    this.tickSize = spec.tickSize;
    this.lotSize = spec.lotSize;
    this.pool = levelPool;
  }

  /** The level at this price on one side, created if there is none. */
  level(isBid: boolean, price: number): PriceLevel {
    if (isBid) {
      const level = levelFor(this.bids, BID_SIGN, price, this.pool);
      if (price > this.bestBid) this.bestBid = price;
      return level;
    }
    const level = levelFor(this.asks, ASK_SIGN, price, this.pool);
    if (this.bestAsk === 0 || price < this.bestAsk) this.bestAsk = price;
    return level;
  }

  /** Takes an empty level off its side. */
  remove(isBid: boolean, level: PriceLevel): void {
    if (isBid) {
      removeLevel(this.bids, BID_SIGN, level, this.pool);
      this.bestBid = bestPrice(this.bids, BID_SIGN);
    } else {
      removeLevel(this.asks, ASK_SIGN, level, this.pool);
      this.bestAsk = bestPrice(this.asks, ASK_SIGN);
    }
  }

  /** An L2 snapshot of at most `depth` levels per side, best first. */
  snapshot(depth: number): BookSnapshot {
    return {
      symbol: this.symbol,
      seq: this.seq,
      bids: topLevels(this.bids, depth),
      asks: topLevels(this.asks, depth),
    };
  }
}

function topLevels(levels: Levels, depth: number): BookLevel[] {
  const out: BookLevel[] = [];
  const n = levels.length >> 1;
  const stop = Math.max(0, n - Math.max(0, depth));
  for (let i = n - 1; i >= stop; i--) {
    const level = levelAt(levels, i);
    out.push({ price: level.price, quantity: level.quantity, orders: level.orders });
  }
  return out;
}
