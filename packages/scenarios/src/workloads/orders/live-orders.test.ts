import { describe, expect, it } from 'vitest';
import { createPrng } from '../../random/prng.js';
import { LiveOrders } from './live-orders.js';

describe('LiveOrders', () => {
  it('hands out only the user’s own orders, each once', () => {
    const live = new LiveOrders(2);
    for (let id = 1; id <= 100; id++) live.add(id % 2, id);
    const prng = createPrng(1);
    const taken = new Set<number>();
    for (let id = live.take(1, prng); id !== undefined; id = live.take(1, prng)) {
      expect(id % 2).toBe(1);
      expect(taken.has(id)).toBe(false);
      taken.add(id);
    }
    expect(taken.size).toBe(50);
    expect(live.count(0)).toBe(50);
  });

  it('forgets filled orders wherever they are in the list', () => {
    const live = new LiveOrders(1);
    [10, 20, 30, 40].forEach((id) => live.add(0, id));
    live.remove(20);
    live.remove(40);
    live.remove(99);
    const prng = createPrng(2);
    const left = [live.take(0, prng), live.take(0, prng)].sort();
    expect(left).toEqual([10, 30]);
    expect(live.take(0, prng)).toBeUndefined();
  });
});
