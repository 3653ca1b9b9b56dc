/**
 * A deliberately simple matching engine used only as the oracle of the differential
 * test: plain arrays, linear scans and sorts, no pools, no linked lists. It shares no
 * code with the real engine (only the public types), so a bug in one is unlikely to be
 * repeated in the other. Slow on purpose: clarity is its only job.
 */
import type {
  BookLevel,
  BookSnapshot,
  CancelResult,
  EngineEvents,
  Fill,
  InstrumentSpec,
  LiveOrder,
  NewOrder,
  OrderResult,
  RejectCode,
  Side,
} from './types.js';

interface RefOrder {
  id: number;
  owner: number;
  clientOrderId: string;
  side: Side;
  price: number;
  quantity: number;
  remaining: number;
  /** Arrival number: earlier arrivals trade first at equal price. */
  arrival: number;
}

interface RefBook {
  spec: InstrumentSpec;
  seq: number;
  orders: RefOrder[];
}

const liveKey = (owner: number, clientOrderId: string): string => `${owner}/${clientOrderId}`;
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

export class ReferenceEngine {
  private readonly books: RefBook[];
  private lastId = 0;
  /** `owner/clientOrderId` of every live order: the duplicate check. */
  private readonly liveKeys = new Set<string>();
  private arrivals = 0;

  constructor(
    instruments: readonly InstrumentSpec[],
    private readonly events: EngineEvents = {},
  ) {
    this.books = instruments.map((spec) => ({ spec, seq: 0, orders: [] }));
  }

  submit(o: NewOrder): OrderResult {
    const reject = (rejectCode: RejectCode): OrderResult => ({
      rejectCode,
      orderId: 0,
      status: 'rejected',
      fills: [],
      resting: 0,
      cancelled: 0,
    });
    const book = this.books.find((b) => b.spec.symbol === o.symbol);
    if (!book) return reject('UNKNOWN_INSTRUMENT');
    if (!['buy', 'sell'].includes(o.side)) return reject('INVALID_ORDER');
    if (!['limit', 'market'].includes(o.type)) return reject('INVALID_ORDER');
    if (o.timeInForce !== undefined && !['GTC', 'IOC'].includes(o.timeInForce))
      return reject('INVALID_ORDER');
    if (!Number.isSafeInteger(o.ownerId) || typeof o.clientOrderId !== 'string')
      return reject('INVALID_ORDER');
    if (o.orderId !== undefined && !(Number.isSafeInteger(o.orderId) && o.orderId > this.lastId)) {
      return reject('INVALID_ORDER');
    }
    if (o.type === 'limit' && !(isWhole(o.price) && o.price % book.spec.tickSize === 0)) {
      return reject('PRICE_NOT_ON_TICK');
    }
    if (!(isWhole(o.quantity) && o.quantity % book.spec.lotSize === 0))
      return reject('QUANTITY_NOT_LOT_MULTIPLE');
    if (this.liveKeys.has(liveKey(o.ownerId, o.clientOrderId))) {
      return reject('DUPLICATE_CLIENT_ORDER_ID');
    }

    const id = o.orderId ?? this.lastId + 1;
    this.lastId = id;
    const symbol = book.spec.symbol;
    const price = o.type === 'market' ? 0 : o.price!;
    this.events.onAccepted?.({
      orderId: id,
      ownerId: o.ownerId,
      clientOrderId: o.clientOrderId,
      symbol,
      side: o.side,
      price,
      quantity: o.quantity,
      remaining: o.quantity,
    });

    // Makers this order may trade with, best price first, then earliest arrival.
    const crosses = (m: RefOrder): boolean =>
      m.side !== o.side && (o.type === 'market' || (o.side === 'buy' ? m.price <= price : m.price >= price));
    const makers = book.orders
      .filter(crosses)
      .sort((a, b) => (o.side === 'buy' ? a.price - b.price : b.price - a.price) || a.arrival - b.arrival);
    let left = o.quantity;
    const fills: Fill[] = [];
    let i = 0;
    while (left > 0 && i < makers.length) {
      const levelPrice = makers[i].price;
      for (; i < makers.length && makers[i].price === levelPrice && left > 0; i++) {
        const m = makers[i];
        const q = Math.min(left, m.remaining);
        m.remaining -= q;
        left -= q;
        const fill: Fill = {
          makerOrderId: m.id,
          makerOwnerId: m.owner,
          takerOrderId: id,
          takerOwnerId: o.ownerId,
          symbol,
          price: m.price,
          quantity: q,
          seq: ++book.seq,
        };
        fills.push(fill);
        this.events.onFill?.(fill);
      }
      for (const x of book.orders)
        if (x.remaining === 0) this.liveKeys.delete(liveKey(x.owner, x.clientOrderId));
      book.orders = book.orders.filter((x) => x.remaining > 0);
      const makerSide: Side = o.side === 'buy' ? 'sell' : 'buy';
      this.events.onBookChange?.(
        symbol,
        makerSide,
        levelPrice,
        this.levelTotal(book, makerSide, levelPrice),
        ++book.seq,
      );
    }

    if (left === 0)
      return { rejectCode: 'NONE', orderId: id, status: 'filled', fills, resting: 0, cancelled: 0 };
    if (o.type === 'market' || o.timeInForce === 'IOC') {
      this.events.onCancelled?.(id, o.ownerId, symbol, left);
      return { rejectCode: 'NONE', orderId: id, status: 'cancelled', fills, resting: 0, cancelled: left };
    }
    book.orders.push({
      id,
      owner: o.ownerId,
      clientOrderId: o.clientOrderId,
      side: o.side,
      price,
      quantity: o.quantity,
      remaining: left,
      arrival: this.arrivals++,
    });
    this.liveKeys.add(liveKey(o.ownerId, o.clientOrderId));
    this.events.onBookChange?.(symbol, o.side, price, this.levelTotal(book, o.side, price), ++book.seq);
    const status = fills.length === 0 ? 'resting' : 'partially_filled';
    return { rejectCode: 'NONE', orderId: id, status, fills, resting: left, cancelled: 0 };
  }

  cancel(orderId: number, ownerId: number): CancelResult {
    for (const book of this.books) {
      const order = book.orders.find((x) => x.id === orderId);
      if (!order) continue;
      if (order.owner !== ownerId) return { rejectCode: 'NOT_OWNER', orderId, cancelled: 0 };
      book.orders = book.orders.filter((x) => x !== order);
      this.liveKeys.delete(liveKey(order.owner, order.clientOrderId));
      this.events.onCancelled?.(orderId, ownerId, book.spec.symbol, order.remaining);
      const total = this.levelTotal(book, order.side, order.price);
      this.events.onBookChange?.(book.spec.symbol, order.side, order.price, total, ++book.seq);
      return { rejectCode: 'NONE', orderId, cancelled: order.remaining };
    }
    return { rejectCode: 'UNKNOWN_ORDER', orderId, cancelled: 0 };
  }

  getOrder(orderId: number): LiveOrder | undefined {
    for (const book of this.books) {
      const x = book.orders.find((y) => y.id === orderId);
      if (x) {
        const { id, owner, clientOrderId, side, price, quantity, remaining } = x;
        return {
          orderId: id,
          ownerId: owner,
          clientOrderId,
          symbol: book.spec.symbol,
          side,
          price,
          quantity,
          remaining,
        };
      }
    }
    return undefined;
  }

  book(symbol: string, depth: number): BookSnapshot | undefined {
    const book = this.books.find((b) => b.spec.symbol === symbol);
    if (!book) return undefined;
    const levels = (side: Side): BookLevel[] => {
      const own = book.orders
        .filter((x) => x.side === side)
        .sort((a, b) => (side === 'buy' ? b.price - a.price : a.price - b.price));
      const out: { price: number; quantity: number; orders: number }[] = [];
      for (const x of own) {
        const last = out.at(-1);
        if (last?.price === x.price) {
          last.quantity += x.remaining;
          last.orders++;
        } else {
          out.push({ price: x.price, quantity: x.remaining, orders: 1 });
        }
      }
      return out.slice(0, depth);
    };
    return { symbol, seq: book.seq, bids: levels('buy'), asks: levels('sell') };
  }

  sequence(symbol: string): number {
    return this.books.find((b) => b.spec.symbol === symbol)?.seq ?? 0;
  }

  private levelTotal(book: RefBook, side: Side, price: number): number {
    return book.orders
      .filter((x) => x.side === side && x.price === price)
      .reduce((s, x) => s + x.remaining, 0);
  }
}
