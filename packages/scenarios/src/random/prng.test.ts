import { describe, expect, it } from 'vitest';
import { createPrng } from './prng.js';

function take(prng: { nextUint32(): number }, n: number): number[] {
  return Array.from({ length: n }, () => prng.nextUint32());
}

describe('createPrng', () => {
  it('gives the same sequence for the same seed and stream', () => {
    expect(take(createPrng(42), 100)).toEqual(take(createPrng(42), 100));
    expect(take(createPrng('plan-seed', 3), 100)).toEqual(take(createPrng('plan-seed', 3), 100));
  });

  it('gives unrelated sequences for nearby seeds, large seeds and other streams', () => {
    const base = take(createPrng(1), 50);
    for (const other of [createPrng(2), createPrng(1 + 2 ** 32), createPrng(-1), createPrng(1, 1)]) {
      const seq = take(other, 50);
      expect(seq.filter((v, i) => v === base[i]).length).toBe(0);
    }
  });

  it('is uniform on [0, 1): mean, variance and decile counts within sampling error', () => {
    const prng = createPrng(7);
    const n = 200_000;
    const deciles = new Array<number>(10).fill(0);
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = prng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
      sumSq += u * u;
      deciles[Math.floor(u * 10)]++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const mean = sum / n;
    // standard error of the mean of U(0,1) is sqrt(1/12/n) ≈ 0.00065; 5 SE
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0033);
    expect(Math.abs(sumSq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
    // each decile expects 20,000 ± 134 (binomial SD); 5 SD
    for (const count of deciles) expect(Math.abs(count - n / 10)).toBeLessThan(670);
  });

  it('nextInt stays in range and hits every value', () => {
    const prng = createPrng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(prng.nextInt(7));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('rejects a seed that is not a finite number', () => {
    expect(() => createPrng(Number.NaN)).toThrow(/finite/);
  });
});
