import { describe, expect, it } from 'vitest';
import { createPrng } from '../../random/prng.js';
import { ZipfSampler } from './zipf-sampler.js';

describe('ZipfSampler', () => {
  it('draws item k with probability ∝ 1/(k+1)^s', () => {
    const zipf = new ZipfSampler(100, 1);
    const prng = createPrng(1);
    const counts = new Array<number>(100).fill(0);
    const n = 200_000;
    for (let i = 0; i < n; i++) counts[zipf.sample(prng)]++;
    // H(100) ≈ 5.187: item 0 ≈ 19.3%, item 1 ≈ 9.6%, item 9 ≈ 1.9%
    expect(counts[0] / n).toBeCloseTo(zipf.probability(0), 2);
    expect(zipf.probability(0)).toBeCloseTo(1 / 5.187, 3);
    expect(counts[1] / n).toBeCloseTo(zipf.probability(1), 2);
    expect(counts[9] / n).toBeCloseTo(zipf.probability(9), 2);
  });

  it('is uniform with exponent 0', () => {
    const zipf = new ZipfSampler(4, 0);
    expect([0, 1, 2, 3].map((k) => zipf.probability(k))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('draws distinct items, all of them when asked for more than there are', () => {
    const zipf = new ZipfSampler(10, 1.2);
    const prng = createPrng(3);
    const five = zipf.sampleDistinct(prng, 5);
    expect(new Set(five).size).toBe(5);
    expect(zipf.sampleDistinct(prng, 50).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
