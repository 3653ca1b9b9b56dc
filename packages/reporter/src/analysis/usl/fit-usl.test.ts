import { describe, expect, it } from 'vitest';

import { UslInputError } from '../../errors.js';
import { fitUsl, predictUsl, type UslPoint } from './fit-usl.js';
import { uslThroughput } from './usl-model.js';

/** The 32 measurements from the tests of the Go library codahale/usl (model_test.go). */
const CODAHALE: UslPoint[] = [
  [1, 955.16],
  [2, 1878.91],
  [3, 2688.01],
  [4, 3548.68],
  [5, 4315.54],
  [6, 5130.43],
  [7, 5931.37],
  [8, 6531.08],
  [9, 7219.8],
  [10, 7867.61],
  [11, 8278.71],
  [12, 8646.7],
  [13, 9047.84],
  [14, 9426.55],
  [15, 9645.37],
  [16, 9897.24],
  [17, 10097.6],
  [18, 10240.5],
  [19, 10532.39],
  [20, 10798.52],
  [21, 11151.43],
  [22, 11518.63],
  [23, 11806],
  [24, 12089.37],
  [25, 12075.41],
  [26, 12177.29],
  [27, 12211.41],
  [28, 12158.93],
  [29, 12155.27],
  [30, 12118.04],
  [31, 12140.4],
  [32, 12074.39],
].map(([concurrency, throughput]) => ({ concurrency: concurrency, throughput: throughput }));

function relative(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('fitUsl', () => {
  it('reproduces the codahale/usl reference fit', () => {
    const fit = fitUsl(CODAHALE);
    expect(relative(fit.sigma, 0.02671591)).toBeLessThan(1e-4);
    expect(relative(fit.kappa, 7.690945e-4)).toBeLessThan(1e-4);
    expect(relative(fit.lambda, 995.6486)).toBeLessThan(1e-4);
    expect(fit.maxConcurrency).toBe(35);
    expect(relative(fit.maxThroughput, 12341.745415132369)).toBeLessThan(1e-4);
    expect(fit.rSquared).toBeGreaterThan(0.99);
    expect(fit.flags).toEqual([]);
    expect(fit.standardErrors.sigma).toBeGreaterThan(0);
    expect(fit.standardErrors.kappa).toBeGreaterThan(0);
    expect(fit.standardErrors.lambda).toBeGreaterThan(0);
  });

  it.each([
    { sigma: 0.08, kappa: 0.0015, lambda: 1150, ns: [1, 2, 4, 8, 12, 16, 24, 32, 48, 64] },
    { sigma: 0.3, kappa: 0.01, lambda: 40, ns: [1, 2, 3, 4, 6, 8, 10, 14] },
    { sigma: 0.001, kappa: 1e-6, lambda: 250_000, ns: [1, 10, 50, 100, 200, 400, 800] },
  ])('recovers σ $sigma, κ $kappa, λ $lambda from noise-free points', ({ sigma, kappa, lambda, ns }) => {
    const fit = fitUsl(
      ns.map((n) => ({ concurrency: n, throughput: uslThroughput({ sigma, kappa, lambda }, n) })),
    );
    expect(relative(fit.sigma, sigma)).toBeLessThan(1e-6);
    expect(relative(fit.kappa, kappa)).toBeLessThan(1e-6);
    expect(relative(fit.lambda, lambda)).toBeLessThan(1e-6);
    expect(fit.rSquared).toBeCloseTo(1, 10);
  });

  it('rests σ on its bound for super-linear data and says so', () => {
    // Throughput per unit rises with concurrency (a warming cache): the unconstrained fit wants σ < 0.
    const points = [1, 2, 3, 4, 5, 6, 7].map((n) => ({
      concurrency: n,
      throughput: 100 * n * (1 + 0.03 * n),
    }));
    const fit = fitUsl(points);
    expect(fit.sigma).toBe(0);
    expect(fit.kappa).toBe(0);
    expect(fit.flags.map((f) => f.code)).toContain('bound-active');
    expect(fit.standardErrors.sigma).toBeNull();
    expect(fit.standardErrors.lambda).toBeGreaterThan(0);
  });

  it('reports no peak when the data never turn down (κ = 0)', () => {
    const amdahl = { sigma: 0.1, kappa: 0, lambda: 500 };
    const fit = fitUsl(
      [1, 2, 4, 8, 16, 32].map((n) => ({ concurrency: n, throughput: uslThroughput(amdahl, n) })),
    );
    expect(fit.kappa).toBe(0);
    expect(fit.maxConcurrency).toBeNull();
    expect(fit.maxThroughput).toBeCloseTo(5000, 3);
    expect(fit.flags.map((f) => f.code)).toEqual(expect.arrayContaining(['no-peak', 'bound-active']));
  });

  it('flags a peak that lies beyond twice the largest measured concurrency', () => {
    const p = { sigma: 0.01, kappa: 1e-5, lambda: 100 };
    const fit = fitUsl(
      [1, 2, 3, 4, 5, 6, 8, 10].map((n) => ({ concurrency: n, throughput: uslThroughput(p, n) })),
    );
    expect(fit.maxConcurrency).toBeGreaterThan(20);
    expect(fit.flags.map((f) => f.code)).toContain('peak-extrapolated');
    expect(predictUsl(fit, 20).extrapolated).toBe(false);
    expect(predictUsl(fit, 21).extrapolated).toBe(true);
  });

  it.each([
    { name: 'five points', points: CODAHALE.slice(0, 5), message: /at least 6 .* got 5/ },
    { name: 'no points', points: [], message: /got 0/ },
    {
      name: 'a zero concurrency',
      points: [{ concurrency: 0, throughput: 1 }, ...CODAHALE.slice(1, 7)],
      message: /point 1: concurrency must be a positive number/,
    },
    {
      name: 'a negative throughput',
      points: [...CODAHALE.slice(0, 6), { concurrency: 9, throughput: -1 }],
      message: /point 7: throughput/,
    },
    {
      name: 'NaN',
      points: [...CODAHALE.slice(0, 6), { concurrency: Number.NaN, throughput: 1 }],
      message: /point 7/,
    },
    {
      name: 'one concurrency repeated',
      points: Array.from({ length: 6 }, () => ({ concurrency: 4, throughput: 10 })),
      message: /3 different concurrency/,
    },
  ])('refuses $name with a clear error', ({ points, message }) => {
    expect(() => fitUsl(points)).toThrow(UslInputError);
    expect(() => fitUsl(points)).toThrow(message);
  });
});
