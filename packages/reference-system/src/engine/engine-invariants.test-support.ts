/**
 * Checks the engine's internal structure for self-consistency: sorted levels, no
 * crossed book, level totals equal to the sum of their orders, well-formed FIFO links,
 * and the id and client-order-id maps in agreement with what is on the books. Reads the
 * engine's private fields on purpose: these are the invariants the fast paths rely on.
 */
import type { MatchingEngine } from './matching-engine.js';
import type { OrderBook } from './order-book.js';
import type { OrderNode } from './order-node.js';
import type { BookSide } from './book-side.js';
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
    for (const side of [book.bids, book.asks])
      onBooks += checkSide(book, side, orders, clientOrders, problems);
    const bid = book.bids.best();
    const ask = book.asks.best();
    if (bid && ask && bid.price >= ask.price)
      problems.push(`${book.symbol}: crossed book ${bid.price} >= ${ask.price}`);
  }
  if (orders.size !== onBooks) problems.push(`id index holds ${orders.size} orders, books hold ${onBooks}`);
  if (clientOrders.size !== onBooks)
    problems.push(`client-id index holds ${clientOrders.size} orders, books hold ${onBooks}`);
  return problems;
}

function checkSide(
  book: OrderBook,
  side: BookSide,
  orders: IdIndex,
  clientOrders: ClientOrderIndex,
  problems: string[],
): number {
  const where = `${book.symbol} ${side.side}`;
  let count = 0;
  let previousKey = -Infinity;
  if (side.entries.length % 2 !== 0) problems.push(`${where}: odd number of entries`);
  for (let i = 0; i < side.size; i++) {
    const level = side.levelAt(i);
    const key = side.entries[2 * i];
    if (typeof key !== 'number' || key !== level.price * side.sign) {
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
      if (
        node.level !== level ||
        node.book !== book ||
        node.side !== side.side ||
        node.price !== level.price
      ) {
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
