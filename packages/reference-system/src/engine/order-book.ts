import { BookSide } from './book-side.js';
import type { PriceLevel } from './price-level.js';
import type { BookLevel, BookSnapshot, InstrumentSpec } from './types.js';

/** The limit order book of one instrument, with its own event sequence. */
export class OrderBook {
  readonly symbol: string;
  /** Price units per tick. */
  readonly tickSize: number;
  /** Units per lot. */
  readonly lotSize: number;
  readonly bids: BookSide;
  readonly asks: BookSide;
  /** Last sequence number taken by a trade or a book-level change (0: none yet). */
  seq = 0;

  constructor(spec: InstrumentSpec, levelPool: PriceLevel[]) {
    this.symbol = spec.symbol;
    this.tickSize = spec.tickSize;
    this.lotSize = spec.lotSize;
    this.bids = new BookSide('buy', levelPool);
    this.asks = new BookSide('sell', levelPool);
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

function topLevels(side: BookSide, depth: number): BookLevel[] {
  const out: BookLevel[] = [];
  const n = side.size;
  const stop = Math.max(0, n - Math.max(0, depth));
  for (let i = n - 1; i >= stop; i--) {
    const level = side.levelAt(i);
    out.push({ price: level.price, quantity: level.quantity, orders: level.orders });
  }
  return out;
}
