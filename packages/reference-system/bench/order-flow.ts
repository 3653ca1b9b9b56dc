import { MatchingEngine, type InstrumentSpec, type NewOrder, type Side } from '../src/index.js';
import { mulberry32 } from '../src/prng.js';
import { ZipfSampler } from './zipf.js';

export interface WorkloadOptions {
  instruments: number;
  operations: number;
  seed: number;
  /** Zipf exponent of instrument popularity. */
  zipfExponent: number;
}

/**
 * A pre-generated operation stream: nothing is generated while the clock runs. Operation
 * i is `orders[i]` when `kinds[i]` is SUBMIT, else a cancel of `cancelIds[i]` by
 * `cancelOwners[i]`.
 */
export interface Workload {
  readonly instruments: InstrumentSpec[];
  /** Resting orders placed (untimed) before the measured operations. */
  readonly prefill: NewOrder[];
  readonly kinds: Uint8Array;
  readonly orders: (NewOrder | null)[];
  readonly cancelIds: Float64Array;
  readonly cancelOwners: Float64Array;
  readonly mix: { limit: number; cancel: number; marketable: number };
  /** The most live orders seen while generating: what to size the engine for. */
  readonly expectedLiveOrders: number;
}

export const SUBMIT = 0;
export const CANCEL = 1;

const TICK = 5; // price units per tick
const LOT = 10; // units per lot
const START_MID = 10_000; // ticks
const OWNERS = 2_000;

/**
 * Builds the benchmark's order flow: about 60% new GTC limit orders a few ticks from a
 * per-instrument mid that random-walks, 30% cancels of live orders (mostly recent ones,
 * see pickLive), 10% marketable orders (half market, half IOC limits through the best
 * price); instruments drawn with Zipf popularity. Cancels must name live orders, so the
 * stream is produced by running it through a matching engine: the engine is
 * deterministic, so a fresh engine fed the same prefill and operations later goes
 * through exactly the same states.
 */
export function generateWorkload(options: WorkloadOptions): Workload {
  const { instruments: n, operations, seed } = options;
  const random = mulberry32(seed);
  const zipf = new ZipfSampler(n, options.zipfExponent);
  const instruments: InstrumentSpec[] = [];
  for (let i = 0; i < n; i++)
    instruments.push({ symbol: `S${String(i).padStart(5, '0')}`, tickSize: TICK, lotSize: LOT });
  const engine = new MatchingEngine(instruments, {}, { expectedLiveOrders: 12 * n });
  const mids = new Float64Array(n).fill(START_MID);
  const ownerOf: number[] = [0];
  const live: number[] = [];
  let clientIds = 0;

  // Every order object has the same fields in the same order, as a gateway would build it.
  const order = (
    i: number,
    side: Side,
    type: 'limit' | 'market',
    ticks: number,
    tif: 'GTC' | 'IOC',
  ): NewOrder => ({
    ownerId: 1 + Math.floor(random() * OWNERS),
    clientOrderId: `o${clientIds++}`,
    symbol: instruments[i].symbol,
    side,
    type,
    price: type === 'market' ? undefined : Math.max(1, ticks) * TICK,
    quantity: (1 + Math.floor(random() * 10)) * LOT,
    timeInForce: tif,
  });
  const place = (o: NewOrder): void => {
    const result = engine.submit(o);
    ownerOf[result.orderId] = o.ownerId;
    if (result.resting > 0) live.push(result.orderId);
  };

  // Popular instruments get deeper books, as in any market.
  const prefill: NewOrder[] = [];
  for (let i = 0; i < n; i++) {
    const levels = i < 100 ? 20 : 5;
    const perLevel = i < 100 ? 3 : 1;
    for (let k = 1; k <= levels; k++) {
      for (let j = 0; j < perLevel; j++) {
        for (const side of ['buy', 'sell'] as const) {
          const o = order(i, side, 'limit', START_MID + (side === 'buy' ? -k : k), 'GTC');
          prefill.push(o);
          place(o);
        }
      }
    }
  }

  const kinds = new Uint8Array(operations);
  const orders = new Array<NewOrder | null>(operations).fill(null);
  const cancelIds = new Float64Array(operations);
  const cancelOwners = new Float64Array(operations);
  const mix = { limit: 0, cancel: 0, marketable: 0 };
  let expectedLiveOrders = engine.liveOrderCount;
  for (let op = 0; op < operations; op++) {
    const r = random();
    if (r < 0.3) {
      const id = pickLive(live, random, engine);
      if (id !== 0) {
        kinds[op] = CANCEL;
        cancelIds[op] = id;
        cancelOwners[op] = ownerOf[id];
        engine.cancel(id, ownerOf[id]);
        mix.cancel++;
        continue;
      }
    }
    const i = zipf.sample(random());
    if (random() < 0.2) mids[i] += random() < 0.5 ? -1 : 1; // the random walk
    const side = random() < 0.5 ? 'buy' : 'sell';
    const away = side === 'buy' ? -1 : 1; // direction away from the other side
    let o: NewOrder;
    if (r < 0.9) {
      // Passive: a few ticks from the mid on its own side, mostly close to it.
      o = order(i, side, 'limit', mids[i] + away * (1 + Math.floor(-Math.log(1 - random()) * 2)), 'GTC');
      mix.limit++;
    } else if (r < 0.95) {
      o = order(i, side, 'market', 0, 'IOC');
      mix.marketable++;
    } else {
      const top = engine.book(instruments[i].symbol, 1)!;
      const opposite = side === 'buy' ? top.asks[0] : top.bids[0];
      o = order(i, side, 'limit', (opposite ? opposite.price / TICK : mids[i]) - 2 * away, 'IOC');
      mix.marketable++;
    }
    kinds[op] = SUBMIT;
    orders[op] = o;
    place(o);
    expectedLiveOrders = Math.max(expectedLiveOrders, engine.liveOrderCount);
  }
  return { instruments, prefill, kinds, orders, cancelIds, cancelOwners, mix, expectedLiveOrders };
}

/**
 * A live order id to cancel, or 0 if none is left. Most cancels hit recent orders (quotes
 * being replaced): 80% pick an order about 200 placements back on average, exponentially
 * distributed; the rest pick any live order, old or new. Ids that have traded away since
 * are dropped as they are met.
 */
function pickLive(live: number[], random: () => number, engine: MatchingEngine): number {
  while (live.length > 0) {
    let id: number;
    if (random() < 0.8) {
      const back = Math.min(live.length - 1, Math.floor(-Math.log(1 - random()) * 200));
      id = live.splice(live.length - 1 - back, 1)[0];
    } else {
      const i = Math.floor(random() * live.length);
      id = live[i];
      live[i] = live[live.length - 1];
      live.pop();
    }
    if (engine.getOrder(id) !== undefined) return id;
  }
  return 0;
}
