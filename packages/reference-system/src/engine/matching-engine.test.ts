import { describe, expect, it } from 'vitest';
import { engineProblems } from './engine-invariants.test-support.js';
import { MatchingEngine } from './matching-engine.js';
import type { BookSnapshot, CancelResult, EngineEvents, NewOrder, OrderResult, Side } from './types.js';

const X = { symbol: 'X', tickSize: 5, lotSize: 10 };
const Y = { symbol: 'Y', tickSize: 1, lotSize: 1 };

type Step = { submit: Partial<NewOrder> } | { cancel: [orderId: number, ownerId: number] };
let nextClientId = 0;
/** A limit order on X (owner 1 unless given); the client order id is fresh unless given. */
const limit = (side: Side, price: number, quantity: number, extra: Partial<NewOrder> = {}): Step => ({
  submit: { side, price, quantity, type: 'limit', ...extra },
});
const market = (side: Side, quantity: number, extra: Partial<NewOrder> = {}): Step => ({
  submit: { side, quantity, type: 'market', ...extra },
});
const cancel = (orderId: number, ownerId = 1): Step => ({ cancel: [orderId, ownerId] });

/** Runs steps on a fresh engine, checking the engine's invariants after every one. */
function run(
  steps: Step[],
  events?: EngineEvents,
): { engine: MatchingEngine; results: (OrderResult | CancelResult)[] } {
  const engine = new MatchingEngine([X, Y], events);
  const results = steps.map((step, i) => {
    const result =
      'cancel' in step
        ? engine.cancel(...step.cancel)
        : engine.submit({
            ownerId: 1,
            clientOrderId: `c${nextClientId++}`,
            symbol: 'X',
            ...step.submit,
          } as NewOrder);
    expect(engineProblems(engine), `after step ${i}`).toEqual([]);
    return result;
  });
  return { engine, results };
}

/** [price, quantity, orders] per level, best first. */
type Levels = [number, number, number][];
const levels = (snapshot: BookSnapshot | undefined): { bids: Levels; asks: Levels } => ({
  bids: snapshot!.bids.map((l) => [l.price, l.quantity, l.orders]),
  asks: snapshot!.asks.map((l) => [l.price, l.quantity, l.orders]),
});

interface Case {
  name: string;
  steps: Step[];
  /** Expected parts of the last step's result. */
  last: Partial<OrderResult> | Partial<CancelResult>;
  /** Fills of the last step as [makerOrderId, price, quantity]. */
  fills?: [number, number, number][];
  book: { bids: Levels; asks: Levels };
}

const cases: Case[] = [
  {
    name: 'a limit order that does not cross rests',
    steps: [limit('buy', 100, 30)],
    last: { rejectCode: 'NONE', orderId: 1, status: 'resting', resting: 30, cancelled: 0 },
    fills: [],
    book: { bids: [[100, 30, 1]], asks: [] },
  },
  {
    name: 'FIFO within a level: the oldest maker trades first',
    steps: [
      limit('sell', 100, 50),
      limit('sell', 100, 50, { ownerId: 2 }),
      limit('sell', 100, 50),
      limit('buy', 100, 70),
    ],
    last: { status: 'filled', resting: 0, cancelled: 0 },
    fills: [
      [1, 100, 50],
      [2, 100, 20],
    ],
    book: { bids: [], asks: [[100, 80, 2]] },
  },
  {
    name: 'walks several levels best price first, each at the maker price',
    steps: [
      limit('sell', 110, 10),
      limit('sell', 100, 10),
      limit('sell', 105, 20),
      limit('sell', 120, 10),
      limit('buy', 115, 50),
    ],
    last: { status: 'partially_filled', resting: 10, cancelled: 0 },
    fills: [
      [2, 100, 10],
      [3, 105, 20],
      [1, 110, 10],
    ],
    book: { bids: [[115, 10, 1]], asks: [[120, 10, 1]] },
  },
  {
    name: 'a sell walks bids from the highest down and stops at its limit',
    steps: [limit('buy', 95, 10), limit('buy', 100, 10), limit('buy', 90, 10), limit('sell', 95, 30)],
    last: { status: 'partially_filled', resting: 10 },
    fills: [
      [2, 100, 10],
      [1, 95, 10],
    ],
    book: { bids: [[90, 10, 1]], asks: [[95, 10, 1]] },
  },
  {
    name: 'partial fill of a maker, then the maker is cancelled',
    steps: [limit('sell', 100, 50), limit('buy', 100, 20, { ownerId: 2 }), cancel(1)],
    last: { rejectCode: 'NONE', orderId: 1, cancelled: 30 },
    book: { bids: [], asks: [] },
  },
  {
    name: 'partial fill of a taker, then the resting remainder is cancelled',
    steps: [limit('sell', 100, 20), limit('buy', 105, 50), cancel(2)],
    last: { rejectCode: 'NONE', orderId: 2, cancelled: 30 },
    book: { bids: [], asks: [] },
  },
  {
    name: 'an IOC remainder is cancelled, never rested',
    steps: [limit('sell', 100, 20), limit('sell', 110, 20), limit('buy', 105, 50, { timeInForce: 'IOC' })],
    last: { status: 'cancelled', resting: 0, cancelled: 30 },
    fills: [[1, 100, 20]],
    book: { bids: [], asks: [[110, 20, 1]] },
  },
  {
    name: 'an IOC that does not cross is cancelled whole',
    steps: [limit('sell', 100, 20), limit('buy', 95, 50, { timeInForce: 'IOC' })],
    last: { status: 'cancelled', orderId: 2, resting: 0, cancelled: 50 },
    fills: [],
    book: { bids: [], asks: [[100, 20, 1]] },
  },
  {
    name: 'an IOC fully filled is filled',
    steps: [limit('sell', 100, 20), limit('buy', 100, 20, { timeInForce: 'IOC' })],
    last: { status: 'filled', cancelled: 0 },
    fills: [[1, 100, 20]],
    book: { bids: [], asks: [] },
  },
  {
    name: 'a market order into an empty book is cancelled, not rejected',
    steps: [market('buy', 40)],
    last: { rejectCode: 'NONE', orderId: 1, status: 'cancelled', resting: 0, cancelled: 40 },
    fills: [],
    book: { bids: [], asks: [] },
  },
  {
    name: 'a market order ignores price limits and walks every level',
    steps: [limit('buy', 100, 10), limit('buy', 5, 10), market('sell', 20, { price: 7 })],
    last: { status: 'filled' },
    fills: [
      [1, 100, 10],
      [2, 5, 10],
    ],
    book: { bids: [], asks: [] },
  },
  {
    name: 'a market order partially filled cancels its remainder',
    steps: [limit('sell', 100, 10), limit('sell', 200, 10), market('buy', 50, { timeInForce: 'GTC' })],
    last: { status: 'cancelled', resting: 0, cancelled: 30 },
    fills: [
      [1, 100, 10],
      [2, 200, 10],
    ],
    book: { bids: [], asks: [] },
  },
  {
    name: 'orders of the same owner trade with each other',
    steps: [limit('sell', 100, 10, { ownerId: 7 }), limit('buy', 100, 10, { ownerId: 7 })],
    last: { status: 'filled' },
    fills: [[1, 100, 10]],
    book: { bids: [], asks: [] },
  },
  {
    name: 'a level keeps FIFO after a middle order is cancelled and a new one joins',
    steps: [
      limit('buy', 100, 10),
      limit('buy', 100, 20),
      limit('buy', 100, 30),
      cancel(2),
      limit('buy', 100, 40),
      limit('sell', 100, 50),
    ],
    last: { status: 'filled' },
    fills: [
      [1, 100, 10],
      [3, 100, 30],
      [4, 100, 10],
    ],
    book: { bids: [[100, 30, 1]], asks: [] },
  },
];

describe('MatchingEngine matching rules', () => {
  it.each(cases)('$name', ({ steps, last, fills, book }) => {
    const { engine, results } = run(steps);
    const result = results.at(-1)!;
    expect(result).toMatchObject(last);
    if (fills) {
      const got = (result as OrderResult).fills.map((f) => [f.makerOrderId, f.price, f.quantity]);
      expect(got).toEqual(fills);
    }
    expect(levels(engine.book('X', 100))).toEqual(book);
  });
});

interface RejectCase {
  name: string;
  before?: Step[];
  order: Partial<NewOrder> | null;
  code: string;
}

const rejects: RejectCase[] = [
  { name: 'unknown symbol', order: { symbol: 'NOPE' }, code: 'UNKNOWN_INSTRUMENT' },
  { name: 'symbol not a string', order: { symbol: 42 as unknown as string }, code: 'UNKNOWN_INSTRUMENT' },
  { name: 'price off tick', order: { price: 101 }, code: 'PRICE_NOT_ON_TICK' },
  { name: 'price missing on a limit', order: { price: undefined }, code: 'PRICE_NOT_ON_TICK' },
  { name: 'price zero', order: { price: 0 }, code: 'PRICE_NOT_ON_TICK' },
  { name: 'price negative', order: { price: -5 }, code: 'PRICE_NOT_ON_TICK' },
  { name: 'price fractional', order: { price: 100.5 }, code: 'PRICE_NOT_ON_TICK' },
  { name: 'price beyond safe integers', order: { price: 2 ** 60 }, code: 'PRICE_NOT_ON_TICK' },
  { name: 'price a string', order: { price: '100' as unknown as number }, code: 'PRICE_NOT_ON_TICK' },
  { name: 'quantity off lot', order: { quantity: 15 }, code: 'QUANTITY_NOT_LOT_MULTIPLE' },
  { name: 'quantity zero', order: { quantity: 0 }, code: 'QUANTITY_NOT_LOT_MULTIPLE' },
  { name: 'quantity negative', order: { quantity: -10 }, code: 'QUANTITY_NOT_LOT_MULTIPLE' },
  { name: 'quantity NaN', order: { quantity: NaN }, code: 'QUANTITY_NOT_LOT_MULTIPLE' },
  {
    name: 'market quantity off lot',
    order: { type: 'market', quantity: 3 },
    code: 'QUANTITY_NOT_LOT_MULTIPLE',
  },
  { name: 'bad side', order: { side: 'short' as Side }, code: 'INVALID_ORDER' },
  { name: 'bad type', order: { type: 'stop' as 'limit' }, code: 'INVALID_ORDER' },
  { name: 'bad time in force', order: { timeInForce: 'FOK' as 'GTC' }, code: 'INVALID_ORDER' },
  { name: 'owner not an integer', order: { ownerId: 1.5 }, code: 'INVALID_ORDER' },
  {
    name: 'client order id not a string',
    order: { clientOrderId: 7 as unknown as string },
    code: 'INVALID_ORDER',
  },
  { name: 'not an object', order: null, code: 'INVALID_ORDER' },
  {
    name: 'order id not above the last',
    before: [limit('buy', 100, 10)],
    order: { orderId: 1 },
    code: 'INVALID_ORDER',
  },
  { name: 'order id fractional', order: { orderId: 2.5 }, code: 'INVALID_ORDER' },
  {
    name: 'duplicate live client order id of the same owner',
    before: [limit('buy', 100, 10, { clientOrderId: 'dup' })],
    order: { clientOrderId: 'dup', price: 95 },
    code: 'DUPLICATE_CLIENT_ORDER_ID',
  },
];

describe('MatchingEngine rejects', () => {
  it.each(rejects)('$name → $code', ({ before = [], order, code }) => {
    const { engine } = run(before);
    const seqBefore = engine.sequence('X');
    const full =
      order === null
        ? null
        : {
            ownerId: 1,
            clientOrderId: 'r',
            symbol: 'X',
            side: 'buy',
            type: 'limit',
            price: 100,
            quantity: 10,
            ...order,
          };
    const result = engine.submit(full as NewOrder);
    expect(result).toEqual({
      rejectCode: code,
      orderId: 0,
      status: 'rejected',
      fills: [],
      resting: 0,
      cancelled: 0,
    });
    // A reject changes nothing: no sequence number, no order id consumed.
    expect(engine.sequence('X')).toBe(seqBefore);
    expect(
      engine.submit({
        ownerId: 9,
        clientOrderId: 'next',
        symbol: 'Y',
        side: 'buy',
        type: 'limit',
        price: 1,
        quantity: 1,
      }).orderId,
    ).toBe(before.length + 1);
    expect(engineProblems(engine)).toEqual([]);
  });

  it('allows a client order id again once the first order is filled or cancelled', () => {
    const { engine, results } = run([
      limit('buy', 100, 10, { clientOrderId: 'a' }),
      limit('buy', 100, 10, { clientOrderId: 'a', ownerId: 2 }), // another owner may use it
      cancel(1),
      limit('buy', 100, 10, { clientOrderId: 'a' }),
      limit('sell', 100, 20, { ownerId: 3 }), // fills orders 2 and 3
      limit('buy', 100, 10, { clientOrderId: 'a' }),
      limit('sell', 100, 10, { ownerId: 3, timeInForce: 'IOC' }), // fills order 5
      limit('buy', 100, 10, { clientOrderId: 'a', timeInForce: 'IOC' }), // never live
      limit('buy', 100, 10, { clientOrderId: 'a' }),
    ]);
    expect(results.map((r) => r.rejectCode)).toEqual(Array(9).fill('NONE'));
    expect(engine.getOrder(8)).toMatchObject({ clientOrderId: 'a', remaining: 10 });
  });

  it('rejects cancels of unknown, dead and foreign orders without changing anything', () => {
    const { engine, results } = run([
      limit('buy', 100, 10),
      limit('sell', 100, 10),
      limit('buy', 95, 10, { ownerId: 2 }),
      cancel(1),
      cancel(99),
      cancel(3, 1),
    ]);
    expect(results.slice(3)).toEqual([
      { rejectCode: 'UNKNOWN_ORDER', orderId: 1, cancelled: 0 },
      { rejectCode: 'UNKNOWN_ORDER', orderId: 99, cancelled: 0 },
      { rejectCode: 'NOT_OWNER', orderId: 3, cancelled: 0 },
    ]);
    expect(engine.getOrder(3)).toEqual({
      orderId: 3,
      ownerId: 2,
      clientOrderId: expect.any(String),
      symbol: 'X',
      side: 'buy',
      price: 95,
      quantity: 10,
      remaining: 10,
    });
    expect(engine.cancel(3, 2)).toEqual({ rejectCode: 'NONE', orderId: 3, cancelled: 10 });
    expect(engine.getOrder(3)).toBeUndefined();
  });
});

describe('MatchingEngine events and sequence numbers', () => {
  it('emits accepted, fills and level changes in order, each trade and level change taking the next seq', () => {
    const log: string[] = [];
    const events: EngineEvents = {
      onAccepted: (o) => log.push(`accepted ${o.orderId} ${o.side} ${o.price}x${o.remaining}`),
      onFill: (f) => log.push(`#${f.seq} fill ${f.makerOrderId}<-${f.takerOrderId} ${f.price}x${f.quantity}`),
      onCancelled: (id, owner, symbol, q) => log.push(`cancelled ${id} owner ${owner} ${symbol} ${q}`),
      onBookChange: (symbol, side, price, q, seq) => log.push(`#${seq} ${symbol} ${side} ${price}=${q}`),
    };
    const { engine } = run(
      [
        limit('sell', 100, 10),
        limit('sell', 100, 10),
        limit('sell', 105, 10),
        { submit: { symbol: 'Y', side: 'buy', type: 'limit', price: 7, quantity: 3 } },
        limit('buy', 105, 40, { ownerId: 2 }),
        cancel(5, 2),
        market('sell', 10),
      ],
      events,
    );
    expect(log).toEqual([
      'accepted 1 sell 100x10',
      '#1 X sell 100=10',
      'accepted 2 sell 100x10',
      '#2 X sell 100=20',
      'accepted 3 sell 105x10',
      '#3 X sell 105=10',
      'accepted 4 buy 7x3',
      '#1 Y buy 7=3', // Y has its own sequence
      'accepted 5 buy 105x40',
      '#4 fill 1<-5 100x10',
      '#5 fill 2<-5 100x10',
      '#6 X sell 100=0',
      '#7 fill 3<-5 105x10',
      '#8 X sell 105=0',
      '#9 X buy 105=10',
      'cancelled 5 owner 2 X 10',
      '#10 X buy 105=0',
      'accepted 6 sell 0x10',
      'cancelled 6 owner 1 X 10',
    ]);
    expect(engine.sequence('X')).toBe(10);
    expect(engine.sequence('Y')).toBe(1);
    expect(engine.sequence('NOPE')).toBe(0);
    expect(engine.book('X', 5)).toEqual({ symbol: 'X', seq: 10, bids: [], asks: [] });
  });

  it('returns fills carrying the same seq as their events', () => {
    const seen: number[] = [];
    const { results } = run([limit('sell', 100, 10), limit('sell', 110, 10), limit('buy', 110, 20)], {
      onFill: (f) => seen.push(f.seq),
    });
    expect((results[2] as OrderResult).fills.map((f) => f.seq)).toEqual(seen);
    expect(seen).toEqual([3, 5]);
  });
});

describe('MatchingEngine ids, lookups and snapshots', () => {
  it('uses caller-supplied order ids and continues numbering after them', () => {
    const { engine, results } = run([
      limit('buy', 100, 10, { orderId: 1000 }),
      limit('buy', 95, 10),
      limit('buy', 90, 10, { orderId: 5000 }),
    ]);
    expect(results.map((r) => r.orderId)).toEqual([1000, 1001, 5000]);
    expect(engine.cancel(1001, 1).cancelled).toBe(10);
    expect(engine.getOrder(5000)?.price).toBe(90);
  });

  it('snapshots at most depth levels per side, best first', () => {
    const { engine } = run([
      limit('buy', 90, 10),
      limit('buy', 100, 10),
      limit('buy', 95, 10),
      limit('buy', 95, 20),
      limit('sell', 120, 10),
      limit('sell', 110, 10),
    ]);
    expect(levels(engine.book('X', 2))).toEqual({
      bids: [
        [100, 10, 1],
        [95, 30, 2],
      ],
      asks: [
        [110, 10, 1],
        [120, 10, 1],
      ],
    });
    expect(levels(engine.book('X', 0))).toEqual({ bids: [], asks: [] });
    expect(engine.book('NOPE', 5)).toBeUndefined();
    expect(engine.getOrder(4)).toMatchObject({ side: 'buy', price: 95, quantity: 20, remaining: 20 });
  });

  it('lists its instruments and refuses bad instrument definitions all at once', () => {
    const engine = new MatchingEngine([X, Y]);
    expect(engine.instrumentCount).toBe(2);
    expect(engine.hasInstrument('Y')).toBe(true);
    expect(engine.hasInstrument('Z')).toBe(false);
    const bad = [X, { symbol: 'X', tickSize: 1, lotSize: 1 }, { symbol: '', tickSize: 0.5, lotSize: -1 }];
    expect(() => new MatchingEngine(bad)).toThrow(
      /instruments\[1\]\.symbol: duplicate symbol X[\s\S]*instruments\[2\]\.symbol[\s\S]*instruments\[2\]\.tickSize[\s\S]*instruments\[2\]\.lotSize/,
    );
  });
});
