/**
 * The order flow: which instrument (Zipf popularity), which side, what kind (new limit
 * or marketable, per the plan's mix), at what price and size. Prices are integer ticks
 * around a per-instrument mid that follows a mean-reverting random walk: each order moves
 * its instrument's mid by up to `priceWalkTicks`, pulled back towards the reference price,
 * so the book stays where it was pre-filled while prices still move and limit orders
 * sometimes cross. Same seed → same sequence of draws.
 */
import type { OrdersOptions } from '../../plan/types.js';
import type { Prng } from '../../random/prng.js';
import type { InstrumentInfo } from '../../target/fetch-instruments.js';
import { ZipfSampler } from '../common/zipf-sampler.js';

export interface GeneratedOrder {
  readonly instrument: number;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** price units, on the tick */
  readonly price: number;
  /** units, a multiple of the lot */
  readonly quantity: number;
  readonly timeInForce: 'GTC' | 'IOC';
  readonly marketable: boolean;
}

/** Resting orders are 1–4 lots: a marketable order of k × this many lots sweeps about k of them. */
export const MEAN_MAKER_LOTS = 2.5;
const MAX_MAKER_LOTS = 4;
/** Pull of the walk back towards the reference price, per order on the instrument. */
const REVERSION = 0.02;

export class OrderGenerator {
  readonly zipf: ZipfSampler;
  /** ticks from the reference price, per instrument */
  private readonly offsets: Float64Array;
  private readonly refTicks: Int32Array;
  private readonly marketableShare: number;
  /** ticks: how far the walk may wander from the reference price */
  private readonly bound: number;

  constructor(
    readonly instruments: readonly InstrumentInfo[],
    private readonly options: OrdersOptions,
    private readonly prng: Prng,
  ) {
    this.zipf = new ZipfSampler(instruments.length, options.zipfExponent);
    this.offsets = new Float64Array(instruments.length);
    this.refTicks = Int32Array.from(instruments, (i) => Math.round(i.referencePrice / i.tickSize));
    const { limit, marketable } = options.mix;
    this.marketableShare = limit + marketable > 0 ? marketable / (limit + marketable) : 0;
    this.bound = Math.max(20, 3 * options.prefillLevels);
  }

  /** Share of new orders that are marketable (the mix without cancels). */
  get marketableFraction(): number {
    return this.marketableShare;
  }

  /** @param takerLots size of a marketable order, in lots (the calibrated figure) */
  next(takerLots: number): GeneratedOrder {
    const { prng } = this;
    const i = this.zipf.sample(prng);
    const info = this.instruments[i];
    const mid = this.walk(i);
    const side = prng.next() < 0.5 ? 'buy' : 'sell';
    const sign = side === 'buy' ? 1 : -1;
    const marketable = prng.next() < this.marketableShare;
    const levels = this.options.prefillLevels;
    const depth = 1 + prng.nextInt(levels);
    const makerLots = 1 + prng.nextInt(MAX_MAKER_LOTS);
    if (marketable) {
      // Priced through the whole pre-filled depth: it takes what rests, the rest is dropped (IOC).
      const ticks = mid + sign * (levels + 2);
      return order(info, i, side, ticks, Math.max(1, Math.round(takerLots)), 'IOC', true);
    }
    return order(info, i, side, mid - sign * depth, makerLots, 'GTC', false);
  }

  /** Resting orders that pre-fill instrument `i`: `levels` per side around its mid. */
  prefill(i: number): GeneratedOrder[] {
    const info = this.instruments[i];
    const mid = this.midTicks(i);
    const orders: GeneratedOrder[] = [];
    for (let d = 1; d <= this.options.prefillLevels; d++) {
      orders.push(order(info, i, 'buy', mid - d, 1 + this.prng.nextInt(MAX_MAKER_LOTS), 'GTC', false));
      orders.push(order(info, i, 'sell', mid + d, 1 + this.prng.nextInt(MAX_MAKER_LOTS), 'GTC', false));
    }
    return orders;
  }

  /** ticks; kept above the deepest level so every price stays positive */
  private midTicks(i: number): number {
    return Math.max(this.options.prefillLevels + 3, this.refTicks[i] + Math.round(this.offsets[i]));
  }

  private walk(i: number): number {
    const w = this.options.priceWalkTicks;
    const x = this.offsets[i];
    const step = (2 * this.prng.next() - 1) * w;
    this.offsets[i] = Math.max(-this.bound, Math.min(this.bound, x * (1 - REVERSION) + step));
    return this.midTicks(i);
  }
}

function order(
  info: InstrumentInfo,
  instrument: number,
  side: 'buy' | 'sell',
  ticks: number,
  lots: number,
  timeInForce: 'GTC' | 'IOC',
  marketable: boolean,
): GeneratedOrder {
  return {
    instrument,
    symbol: info.symbol,
    side,
    price: Math.max(1, ticks) * info.tickSize,
    quantity: lots * info.lotSize,
    timeInForce,
    marketable,
  };
}
