/**
 * Checks the engine's internal structure for self-consistency: sorted levels, no
 * crossed book, level totals equal to the sum of their orders, well-formed FIFO links,
 * and the id and client-order-id maps in agreement with what is on the books. Reads the
 * engine's private fields on purpose: these are the invariants the fast paths rely on.
 */
import type { MatchingEngine } from './matching-engine.js';
import type { OrderBook } from './order-book.js';
import type { OrderNode } from './order-node.js';
import { ASK_SIGN, BID_SIGN, levelAt, type Levels } from './levels.js';
import { ClientOrderIndex } from './client-order-index.js';
import type { IdIndex } from './id-index.js';
import type { SymbolIndex } from './symbol-index.js';

interface EngineInternals {
  books: SymbolIndex;
  orders: IdIndex;
  clientOrders: ClientOrderIndex;
}

/** Every broken invariant, as a sentence; empty when the engine is consistent. */
export function engineProblems(engine: MatchingEngine): string[] {
  const { books, orders, clientOrders } = engine as unknown as EngineInternals;
  const problems: string[] = [];
  let onBooks = 0;
  for (const book of books.all) {
    if (books.get(book.symbol) !== book) problems.push(`book ${book.symbol} is not found by its symbol`);
    onBooks += checkSide(book, 'buy', book.bids, orders, clientOrders, problems);
    onBooks += checkSide(book, 'sell', book.asks, orders, clientOrders, problems);
    const bid = book.bids.length === 0 ? 0 : levelAt(book.bids, book.bids.length / 2 - 1).price;
    const ask = book.asks.length === 0 ? 0 : levelAt(book.asks, book.asks.length / 2 - 1).price;
    if (book.bestBid !== bid || book.bestAsk !== ask)
      problems.push(
        `${book.symbol}: best prices kept as ${book.bestBid}/${book.bestAsk}, levels say ${bid}/${ask}`,
      );
    if (bid !== 0 && ask !== 0 && bid >= ask) problems.push(`${book.symbol}: crossed book ${bid} >= ${ask}`);
  }
  if (orders.size !== onBooks) problems.push(`id index holds ${orders.size} orders, books hold ${onBooks}`);
  if (clientOrders.size !== onBooks)
    problems.push(`client-id index holds ${clientOrders.size} orders, books hold ${onBooks}`);
  return problems;
}

function checkSide(
  book: OrderBook,
  side: 'buy' | 'sell',
  levels: Levels,
  orders: IdIndex,
  clientOrders: ClientOrderIndex,
  problems: string[],
): number {
  const where = `${book.symbol} ${side}`;
  const sign = side === 'buy' ? BID_SIGN : ASK_SIGN;
  let count = 0;
  let previousKey = -Infinity;
  if (levels.length % 2 !== 0) problems.push(`${where}: odd number of entries`);
  for (let i = 0; i < levels.length >> 1; i++) {
    const level = levelAt(levels, i);
    const key = levels[2 * i];
    if (typeof key !== 'number' || key !== level.price * sign) {
      problems.push(`${where} ${level.price}: wrong sort key`);
    } else {
      if (key <= previousKey) problems.push(`${where} ${level.price}: levels out of order`);
      previousKey = key;
    }
    if (level.price % book.tickSize !== 0) problems.push(`${where} ${level.price}: price off tick`);
    let quantity = 0;
    let n = 0;
    let prev: OrderNode | null = null;
    for (let node = level.head; node !== null; node = node.next) {
      n++;
      quantity += node.remaining;
      const id = node.orderId;
      if (node.prev !== prev) problems.push(`${where} order ${id}: broken back link`);
      if (node.level !== level || node.book !== book || node.side !== side || node.price !== level.price) {
        problems.push(`${where} order ${id}: wrong level, book, side or price`);
      }
      if (node.remaining <= 0 || node.remaining > node.quantity)
        problems.push(`${where} order ${id}: bad remaining`);
      if (orders.get(id) !== node) problems.push(`${where} order ${id}: missing from the id index`);
      const tag = ClientOrderIndex.tag(node.ownerId, node.clientOrderId);
      if (node.clientTag !== tag || !clientOrders.has(node.ownerId, node.clientOrderId, tag)) {
        problems.push(`${where} order ${id}: missing from the client-id index`);
      }
      prev = node;
    }
    if (level.tail !== prev) problems.push(`${where} ${level.price}: tail is not the last order`);
    if (n === 0) problems.push(`${where} ${level.price}: empty level left on the book`);
    if (n !== level.orders || quantity !== level.quantity) {
      problems.push(
        `${where} ${level.price}: totals ${level.quantity}/${level.orders}, orders sum ${quantity}/${n}`,
      );
    }
    count += n;
  }
  return count;
}
