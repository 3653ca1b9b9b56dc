import { HeadroomError } from '../errors.js';
import { ClientOrderIndex } from './client-order-index.js';
import { IdIndex } from './id-index.js';
import { OrderBook } from './order-book.js';
import type { OrderNode } from './order-node.js';
import { OrderNodes } from './order-nodes.js';
import type { PriceLevel } from './price-level.js';
import { SymbolIndex } from './symbol-index.js';
import {
  RejectCode,
  type BookSnapshot,
  type CancelResult,
  type EngineEvents,
  type Fill,
  type InstrumentSpec,
  type LiveOrder,
  type NewOrder,
  type OrderResult,
} from './types.js';
import { assertInstruments } from './validate-instrument.js';
import { validateOrder } from './validate-order.js';

export interface EngineOptions {
  /**
   * How many live (resting) orders to make room for up front. The id and client-order-id
   * indexes double when full, which copies every live entry in one go (tens of ms at a
   * million orders); sizing them for the expected book keeps that pause out of trading.
   * The order nodes are made up front too (up to 2^21 of them, about 250 MB), which keeps
   * the garbage collector's young generation free of long-lived objects (see OrderNodes).
   * @default 1024
   */
  readonly expectedLiveOrders?: number;
}

const NO_FILLS: readonly Fill[] = Object.freeze([]);

/** Order nodes made up front at most: beyond this many, they are made as needed. */
const MAX_PREALLOCATED_NODES = 2 ** 21;

/** One shared, frozen result per reject code: rejecting allocates nothing. */
const REJECTED = Object.fromEntries(
  Object.values(RejectCode).map((code) => [
    code,
    Object.freeze({
      rejectCode: code,
      orderId: 0,
      status: 'rejected',
      fills: NO_FILLS,
      resting: 0,
      cancelled: 0,
    }),
  ]),
) as Record<RejectCode, OrderResult>;

/**
 * A price-time priority matching engine over many instruments, one book each.
 *
 * Pure and deterministic: no I/O, clock or randomness, so replaying the same calls gives
 * the same ids, fills, sequence numbers and events. Orders never make it throw; a bad
 * order comes back with a reject code. Rules:
 * - a taker trades at the maker's price, best price first, oldest order first within a
 *   price; a buy limit trades against asks at or below its price, a sell against bids at
 *   or above;
 * - a GTC limit remainder rests; an IOC or market remainder is cancelled, never rested;
 * - orders of the same owner may trade with each other (no self-trade prevention).
 *
 * Events of one call come in this order: accepted; per level walked, its fills then one
 * book change for that level; then the resting remainder's book change or the dropped
 * remainder's cancel. Every trade and every book-level change takes the next number of
 * its instrument's sequence, whether or not anyone listens.
 */
export class MatchingEngine {
  readonly instrumentCount: number;
  private readonly books: SymbolIndex;
  /** Live (resting) orders by id: O(1) cancel. */
  private readonly orders: IdIndex;
  /** Live orders by (owner, client order id): the duplicate check. */
  private readonly clientOrders: ClientOrderIndex;
  private readonly events: EngineEvents;
  /** Order nodes, numbered, with those that left the book pooled for reuse. */
  private readonly nodes: OrderNodes;
  /** Level nodes that left the book, reused before allocating new ones. */
  private readonly levelPool: PriceLevel[] = [];
  private lastOrderId = 0;

  /**
   * Throws a HeadroomError (code INVALID_INSTRUMENT) naming every bad instrument, or
   * (INVALID_ENGINE_OPTIONS) a bad option.
   */
  constructor(
    instruments: readonly InstrumentSpec[],
    events: EngineEvents = {},
    options: EngineOptions = {},
  ) {
    assertInstruments(instruments);
    const expected = options.expectedLiveOrders ?? 1024;
    if (!Number.isSafeInteger(expected) || expected < 1 || expected > 2 ** 26) {
      throw new HeadroomError(
        'INVALID_ENGINE_OPTIONS',
        'usage',
        `expectedLiveOrders: must be an integer from 1 to ${2 ** 26}, got ${String(expected)}`,
      );
    }
    this.nodes = new OrderNodes(Math.min(expected, MAX_PREALLOCATED_NODES));
    this.orders = new IdIndex(expected);
    this.clientOrders = new ClientOrderIndex(expected, this.nodes);
    this.books = new SymbolIndex(instruments.map((spec) => new OrderBook(spec, this.levelPool)));
    this.instrumentCount = instruments.length;
    this.events = events;
  }

  hasInstrument(symbol: string): boolean {
    return this.books.get(symbol) !== undefined;
  }

  /** The instrument's last sequence number (0 before its first event or when unknown). */
  sequence(symbol: string): number {
    return this.books.get(symbol)?.seq ?? 0;
  }

  /** Number of live orders over all books. */
  get liveOrderCount(): number {
    return this.orders.size;
  }

  /**
   * Validates, matches and (GTC limit remainder) rests an order. The result's status is
   * the order's state after the call: 'filled'; 'resting' (no fill) or 'partially_filled'
   * (some fills) when live on the book; 'cancelled' when an IOC or market remainder was
   * dropped, with or without fills; 'rejected' with orderId 0 and a reject code.
   */
  submit(order: NewOrder): OrderResult {
    if (typeof order !== 'object' || order === null) return REJECTED.INVALID_ORDER;
    const { ownerId, clientOrderId, symbol } = order;
    // On books that outgrow the caches, the symbol string and the duplicate check's table
    // slot are both cache misses, and neither depends on the other. Hashing the symbol,
    // then probing the duplicate table, then finding the book lets the CPU wait for the
    // first two at once instead of one after the other, although the duplicate answer is
    // needed last. The type checks keep this safe on input that is not validated yet.
    const symbolHash = SymbolIndex.hash(symbol);
    const keyed = typeof ownerId === 'number' && typeof clientOrderId === 'string';
    const clientTag = keyed ? ClientOrderIndex.tag(ownerId, clientOrderId) : 0;
    const duplicate = keyed && this.clientOrders.has(ownerId, clientOrderId, clientTag);
    const book = this.books.find(symbol, symbolHash);
    if (book === undefined) return REJECTED.UNKNOWN_INSTRUMENT;
    const invalid = validateOrder(order, book, this.lastOrderId);
    if (invalid !== RejectCode.NONE) return REJECTED[invalid];
    if (duplicate) return REJECTED.DUPLICATE_CLIENT_ORDER_ID;
    const { quantity, side } = order;

    const orderId = order.orderId ?? this.lastOrderId + 1;
    this.lastOrderId = orderId;
    const isMarket = order.type === 'market';
    const price = isMarket ? 0 : (order.price as number);
    const events = this.events;
    if (events.onAccepted !== undefined) {
      const symbol = book.symbol;
      events.onAccepted({
        orderId,
        ownerId,
        clientOrderId,
        symbol,
        side,
        price,
        quantity,
        remaining: quantity,
      });
    }

    const isBuy = side === 'buy';
    const fills = this.match(book, isBuy, isMarket, price, orderId, ownerId, quantity);
    let remaining = quantity;
    for (let i = 0; i < fills.length; i++) remaining -= fills[i].quantity;

    const none = RejectCode.NONE;
    if (remaining === 0)
      return { rejectCode: none, orderId, status: 'filled', fills, resting: 0, cancelled: 0 };
    if (isMarket || order.timeInForce === 'IOC') {
      events.onCancelled?.(orderId, ownerId, book.symbol, remaining);
      return { rejectCode: none, orderId, status: 'cancelled', fills, resting: 0, cancelled: remaining };
    }
    const node = this.nodes.take();
    node.orderId = orderId;
    node.ownerId = ownerId;
    node.clientOrderId = clientOrderId;
    node.clientTag = clientTag;
    node.price = price;
    node.quantity = quantity;
    node.remaining = remaining;
    this.rest(book, isBuy, node);
    const status = fills.length === 0 ? 'resting' : 'partially_filled';
    return { rejectCode: none, orderId, status, fills, resting: remaining, cancelled: 0 };
  }

  /** Cancels a live order of this owner; the result carries the units that were resting. */
  cancel(orderId: number, ownerId: number): CancelResult {
    const node = this.orders.get(orderId);
    if (node === undefined) return { rejectCode: RejectCode.UNKNOWN_ORDER, orderId, cancelled: 0 };
    if (node.ownerId !== ownerId) return { rejectCode: RejectCode.NOT_OWNER, orderId, cancelled: 0 };
    // Unfiled first: the client-order-id index's line is a cache miss that does not depend
    // on the book, level and neighbours read next, so the CPU fetches them all at once.
    this.unfile(node);
    const book = node.book!;
    const level = node.level!;
    const cancelled = node.remaining;
    const side = node.side;
    level.unlink(node);
    this.recycle(node);
    const events = this.events;
    events.onCancelled?.(orderId, ownerId, book.symbol, cancelled);
    const seq = ++book.seq;
    events.onBookChange?.(book.symbol, side, level.price, level.quantity, seq);
    if (level.orders === 0) book.remove(side === 'buy', level);
    return { rejectCode: RejectCode.NONE, orderId, cancelled };
  }

  /** A snapshot of a live (resting) order; undefined once it is filled or cancelled. */
  getOrder(orderId: number): LiveOrder | undefined {
    const node = this.orders.get(orderId);
    if (node === undefined) return undefined;
    const { ownerId, clientOrderId, side, price, quantity, remaining } = node;
    return { orderId, ownerId, clientOrderId, symbol: node.book!.symbol, side, price, quantity, remaining };
  }

  /** L2 snapshot of at most `depth` levels per side, with the current sequence number. */
  book(symbol: string, depth: number): BookSnapshot | undefined {
    return this.books.get(symbol)?.snapshot(depth);
  }

  /**
   * Trades `quantity` against the opposite side while its best price is within the
   * taker's limit (a market order has none), and returns the fills in the order they
   * happened.
   */
  private match(
    book: OrderBook,
    isBuy: boolean,
    isMarket: boolean,
    limit: number,
    takerOrderId: number,
    takerOwnerId: number,
    quantity: number,
  ): readonly Fill[] {
    // Most orders do not cross: tell from the best price kept on the book, without
    // reading the other side's levels.
    const best = isBuy ? book.bestAsk : book.bestBid;
    if (best === 0 || (!isMarket && (isBuy ? best > limit : best < limit))) return NO_FILLS;
    const levels = isBuy ? book.asks : book.bids;
    const makerSide = isBuy ? 'sell' : 'buy';
    // The taker crosses a level whose key is at least this (keys grow with quality).
    const worstKey = isMarket ? -Infinity : isBuy ? -limit : limit;
    const events = this.events;
    let fills: Fill[] | null = null;
    let remaining = quantity;
    while (remaining > 0 && levels.length > 0 && (levels[levels.length - 2] as number) >= worstKey) {
      const level = levels[levels.length - 1] as PriceLevel;
      let maker = level.head;
      while (maker !== null && remaining > 0) {
        const traded = maker.remaining < remaining ? maker.remaining : remaining;
        remaining -= traded;
        maker.remaining -= traded;
        level.quantity -= traded;
        const fill: Fill = {
          makerOrderId: maker.orderId,
          makerOwnerId: maker.ownerId,
          takerOrderId,
          takerOwnerId,
          symbol: book.symbol,
          price: level.price,
          quantity: traded,
          seq: ++book.seq,
        };
        if (fills === null) fills = [fill];
        else fills.push(fill);
        events.onFill?.(fill);
        const next = maker.next;
        if (maker.remaining === 0) {
          this.unfile(maker);
          level.unlink(maker);
          this.recycle(maker);
        }
        maker = next;
      }
      const seq = ++book.seq;
      events.onBookChange?.(book.symbol, makerSide, level.price, level.quantity, seq);
      if (level.orders === 0) book.remove(!isBuy, level);
    }
    return fills ?? NO_FILLS;
  }

  /** Files a filled-in node under its id and client order id and queues it at its price. */
  private rest(book: OrderBook, isBuy: boolean, node: OrderNode): void {
    const side = isBuy ? 'buy' : 'sell';
    node.side = side;
    node.book = book;
    this.clientOrders.add(node);
    this.orders.add(node);
    const level = book.level(isBuy, node.price);
    level.append(node);
    const seq = ++book.seq;
    this.events.onBookChange?.(book.symbol, side, node.price, level.quantity, seq);
  }

  /** Takes a leaving order out of the id and client-order-id indexes. */
  private unfile(node: OrderNode): void {
    this.clientOrders.delete(node);
    this.orders.delete(node);
  }

  /** Returns a node that has left its level (and the indexes) to the pool. */
  private recycle(node: OrderNode): void {
    node.book = null;
    node.clientOrderId = '';
    this.nodes.release(node);
  }
}
