/**
 * Zipf popularity over n items: item k (0-based) is drawn with probability proportional to
 * 1 / (k + 1)^s. With s = 1 over 5,000 instruments the most popular one takes ~11% of the
 * flow and the top ten ~32%, as on a real venue; s = 0 is uniform. Sampling is a binary
 * search in the cumulative distribution (O(log n), no allocation).
 */
import type { Prng } from '../../random/prng.js';

export class ZipfSampler {
  private readonly cumulative: Float64Array;

  /**
   * @param n items, ≥ 1
   * @param exponent s ≥ 0
   */
  constructor(
    readonly n: number,
    readonly exponent: number,
  ) {
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += exponent === 0 ? 1 : 1 / Math.pow(k + 1, exponent);
      this.cumulative[k] = sum;
    }
    for (let k = 0; k < n; k++) this.cumulative[k] /= sum;
  }

  /** Probability of item k. */
  probability(k: number): number {
    return this.cumulative[k] - (k === 0 ? 0 : this.cumulative[k - 1]);
  }

  sample(prng: Prng): number {
    const u = prng.next();
    const c = this.cumulative;
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** `count` distinct items (count ≤ n), each drawn by popularity among those not yet drawn. */
  sampleDistinct(prng: Prng, count: number): number[] {
    const wanted = Math.min(count, this.n);
    const chosen = new Set<number>();
    // Rejection works while few are taken; past half the items, fill from the most popular.
    for (let tries = 0; chosen.size < wanted && tries < wanted * 20; tries++) chosen.add(this.sample(prng));
    for (let k = 0; chosen.size < wanted; k++) chosen.add(k);
    return [...chosen];
  }
}
