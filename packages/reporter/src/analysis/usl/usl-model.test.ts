import { describe, expect, it } from 'vitest';

import {
  concurrencyForThroughput,
  peakConcurrency,
  peakThroughput,
  uslGradient,
  uslThroughput,
} from './usl-model.js';

describe('USL model', () => {
  it.each([
    { sigma: 0.02671591, kappa: 7.690945e-4, lambda: 995.6486, nStar: 35 },
    { sigma: 0.08, kappa: 0.0015, lambda: 1150, nStar: 24 },
    { sigma: 0.5, kappa: 0.01, lambda: 10, nStar: 7 },
  ])('peaks at N* = ⌊√((1−σ)/κ)⌋ = $nStar for σ $sigma, κ $kappa', (p) => {
    expect(peakConcurrency(p)).toBe(p.nStar);
    expect(peakThroughput(p)).toBeCloseTo(uslThroughput(p, p.nStar), 9);
    // The continuous peak √((1−σ)/κ) lies in [N*, N* + 1): X rises up to N*.
    expect(uslThroughput(p, p.nStar)).toBeGreaterThan(uslThroughput(p, p.nStar - 1));
    const peak = Math.sqrt((1 - p.sigma) / p.kappa);
    expect(peak).toBeGreaterThanOrEqual(p.nStar);
    expect(peak).toBeLessThan(p.nStar + 1);
  });

  it('has no peak when κ = 0, and an asymptote λ/σ', () => {
    expect(peakConcurrency({ sigma: 0.1, kappa: 0, lambda: 100 })).toBeNull();
    expect(peakThroughput({ sigma: 0.1, kappa: 0, lambda: 100 })).toBeCloseTo(1000, 9);
    expect(peakThroughput({ sigma: 0, kappa: 0, lambda: 100 })).toBe(Infinity);
  });

  it.each([
    { p: { sigma: 0.08, kappa: 0.0015, lambda: 1150 }, n: 7 },
    { p: { sigma: 0.08, kappa: 0.0015, lambda: 1150 }, n: 18.5 },
    { p: { sigma: 0.1, kappa: 0, lambda: 100 }, n: 40 },
    { p: { sigma: 0, kappa: 0, lambda: 100 }, n: 12 },
  ])('inverts X(N) on the rising side (N = $n)', ({ p, n }) => {
    expect(concurrencyForThroughput(p, uslThroughput(p, n))).toBeCloseTo(n, 6);
  });

  it('returns null for a throughput the model never reaches', () => {
    const p = { sigma: 0.08, kappa: 0.0015, lambda: 1150 };
    expect(concurrencyForThroughput(p, peakThroughput(p) * 1.01)).toBeNull();
    expect(concurrencyForThroughput({ sigma: 0.1, kappa: 0, lambda: 100 }, 1000)).toBeNull();
  });

  it('has an analytic gradient that matches finite differences', () => {
    const p = { sigma: 0.05, kappa: 0.002, lambda: 800 };
    const n = 13;
    const [dS, dK, dL] = uslGradient(p, n);
    const central = (key: 'sigma' | 'kappa' | 'lambda'): number => {
      const h = p[key] * 1e-6;
      return (
        (uslThroughput({ ...p, [key]: p[key] + h }, n) - uslThroughput({ ...p, [key]: p[key] - h }, n)) /
        (2 * h)
      );
    };
    expect(dS / central('sigma')).toBeCloseTo(1, 6);
    expect(dK / central('kappa')).toBeCloseTo(1, 6);
    expect(dL / central('lambda')).toBeCloseTo(1, 6);
  });
});
