import { hashString } from './hash.js';
import type { OrderBook } from './order-book.js';

/**
 * Books by symbol, built once: open addressing over one array of [hash, book] pairs. The
 * hash is a small integer to V8 and sits unboxed next to its book pointer, so a lookup
 * reads one slot, compares one hash and one string, and never throws, whatever the
 * caller passes as a symbol.
 */
export class SymbolIndex {
  /** [hash, book] per slot; a null book marks a free slot. */
  private readonly slots: (number | OrderBook | null)[];
  private readonly mask: number;
  private readonly shift: number;

  /** `all`: every book, in instrument order. */
  constructor(readonly all: readonly OrderBook[]) {
    const bits = Math.max(4, Math.ceil(Math.log2(all.length * 2 + 1)));
    this.slots = new Array<number | OrderBook | null>(2 << bits).fill(null);
    this.mask = (1 << bits) - 1;
    this.shift = 30 - bits;
    for (const book of all) {
      const hash = symbolHash(book.symbol);
      let i = hash >>> this.shift;
      while (this.slots[2 * i + 1] !== null) i = (i + 1) & this.mask;
      this.slots[2 * i] = hash;
      this.slots[2 * i + 1] = book;
    }
  }

  get(symbol: unknown): OrderBook | undefined {
    return this.find(symbol, SymbolIndex.hash(symbol));
  }

  /** The hash `find` takes: -1 for anything but a string, which no book is filed under. */
  static hash(symbol: unknown): number {
    return typeof symbol === 'string' ? symbolHash(symbol) : -1;
  }

  /** `get` in two steps, so a caller can start the symbol's cache miss early. */
  find(symbol: unknown, hash: number): OrderBook | undefined {
    if (hash < 0) return undefined;
    const slots = this.slots;
    for (let i = hash >>> this.shift; ; i = (i + 1) & this.mask) {
      const book = slots[2 * i + 1] as OrderBook | null;
      if (book === null) return undefined;
      if (slots[2 * i] === hash && book.symbol === symbol) return book;
    }
  }
}

/**
 * A 30-bit non-negative hash (a V8 small integer). FNV-1a's high bits are weak for short
 * keys, so one multiply-xorshift round mixes them first.
 */
function symbolHash(symbol: string): number {
  let h = hashString(symbol);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 2;
}
