import { describe, expect, it } from 'vitest';
import type { OrdersOptions } from '../../plan/types.js';
import { createPrng } from '../../random/prng.js';
import type { InstrumentInfo } from '../../target/fetch-instruments.js';
import { OrderGenerator } from './order-generator.js';

const instruments: InstrumentInfo[] = [
  { symbol: 'SYM00001', tickSize: 5, lotSize: 10, referencePrice: 12_345 },
  { symbol: 'SYM00002', tickSize: 1, lotSize: 100, referencePrice: 1_000 },
  { symbol: 'SYM00003', tickSize: 10, lotSize: 1, referencePrice: 200_000 },
];
const options: OrdersOptions = {
  transport: 'ws',
  connections: 4,
  mix: { limit: 0.6, marketable: 0.1, cancel: 0.3 },
  zipfExponent: 1,
  prefillLevels: 10,
  priceWalkTicks: 2,
  timeoutMs: 5000,
};

function orders(seed: number, n: number) {
  const generator = new OrderGenerator(instruments, options, createPrng(seed));
  return Array.from({ length: n }, () => generator.next(8));
}

describe('OrderGenerator', () => {
  it('gives the same orders for the same seed, and other orders for another', () => {
    expect(orders(7, 500)).toEqual(orders(7, 500));
    expect(orders(8, 500)).not.toEqual(orders(7, 500));
  });

  it('prices on the tick, sizes in lots, positive', () => {
    for (const o of orders(1, 5000)) {
      const info = instruments[o.instrument];
      expect(o.price % info.tickSize).toBe(0);
      expect(o.quantity % info.lotSize).toBe(0);
      expect(o.price).toBeGreaterThan(0);
      expect(o.quantity).toBeGreaterThan(0);
    }
  });

  it('makes the mix’s share of new orders marketable (IOC, through the mid) and the rest resting limits', () => {
    const all = orders(3, 20_000);
    const marketable = all.filter((o) => o.marketable);
    // 0.1 of 0.7 new orders: 1/7 ≈ 0.143; binomial sd at n = 20,000 is 0.0025.
    expect(marketable.length / all.length).toBeCloseTo(1 / 7, 1);
    expect(
      marketable.every(
        (o) => o.timeInForce === 'IOC' && o.quantity === 8 * instruments[o.instrument].lotSize,
      ),
    ).toBe(true);
    expect(all.filter((o) => !o.marketable).every((o) => o.timeInForce === 'GTC')).toBe(true);
  });

  it('keeps prices near the reference price (a mean-reverting walk)', () => {
    for (const o of orders(5, 20_000)) {
      const info = instruments[o.instrument];
      const ticksAway = Math.abs(o.price - info.referencePrice) / info.tickSize;
      // walk bound 30 ticks + resting depth 10 (or the marketable sweep 12)
      expect(ticksAway).toBeLessThanOrEqual(43);
    }
  });

  it('pre-fills prefillLevels orders per side, bids below asks', () => {
    const generator = new OrderGenerator(instruments, options, createPrng(1));
    const book = generator.prefill(0);
    const bids = book.filter((o) => o.side === 'buy').map((o) => o.price);
    const asks = book.filter((o) => o.side === 'sell').map((o) => o.price);
    expect(bids).toHaveLength(10);
    expect(asks).toHaveLength(10);
    expect(Math.max(...bids)).toBeLessThan(Math.min(...asks));
  });
});
