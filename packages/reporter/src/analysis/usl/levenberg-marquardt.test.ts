import { describe, expect, it } from 'vitest';

import {
  levenbergMarquardt,
  standardErrorsAt,
  type BoundedLeastSquaresProblem,
} from './levenberg-marquardt.js';
import { invertMatrix, solveLinear } from './linear-algebra.js';

const xs = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4];

function exponential(
  a: number,
  b: number,
  lower = [-Infinity, -Infinity],
  upper = [Infinity, Infinity],
): BoundedLeastSquaresProblem {
  return {
    model: (p) => xs.map((x) => p[0] * Math.exp(-p[1] * x)),
    jacobian: (p) => xs.map((x) => [Math.exp(-p[1] * x), -p[0] * x * Math.exp(-p[1] * x)]),
    observed: xs.map((x) => a * Math.exp(-b * x)),
    lower,
    upper,
  };
}

describe('linear algebra', () => {
  it('solves a pivoting system and inverts a matrix', () => {
    expect(
      solveLinear(
        [
          [0, 1],
          [1, 0],
        ],
        [2, 3],
      ),
    ).toEqual([3, 2]);
    const inv = invertMatrix([
      [4, 7],
      [2, 6],
    ])!;
    expect(inv[0][0]).toBeCloseTo(0.6, 12);
    expect(inv[0][1]).toBeCloseTo(-0.7, 12);
    expect(inv[1][0]).toBeCloseTo(-0.2, 12);
    expect(inv[1][1]).toBeCloseTo(0.4, 12);
  });

  it('reports a singular matrix as null', () => {
    expect(
      solveLinear(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toBeNull();
    expect(
      invertMatrix([
        [1, 2],
        [2, 4],
      ]),
    ).toBeNull();
  });
});

describe('levenbergMarquardt', () => {
  it.each([
    { a: 5, b: 0.7, start: [1, 0.1] },
    { a: 120, b: 1.9, start: [1, 1] },
    { a: 0.3, b: 0.05, start: [10, 2] },
  ])('recovers a = $a, b = $b of a·e^(−bx) from $start', ({ a, b, start }) => {
    const fit = levenbergMarquardt(exponential(a, b), start);
    expect(fit.converged).toBe(true);
    expect(fit.params[0]).toBeCloseTo(a, 8);
    expect(fit.params[1]).toBeCloseTo(b, 8);
    expect(fit.sse).toBeLessThan(1e-16);
    expect(fit.activeBounds).toEqual([]);
  });

  it('stops on an active bound when the unconstrained optimum lies outside the box', () => {
    // The data have b = 0.7 but b may not exceed 0.5: the best feasible b is the bound.
    const fit = levenbergMarquardt(exponential(5, 0.7, [-Infinity, 0], [Infinity, 0.5]), [1, 0.1]);
    expect(fit.params[1]).toBe(0.5);
    expect(fit.activeBounds).toEqual([1]);
    // a is still optimal given b = 0.5: ∂SSE/∂a = 0 → a = Σ y·e^(−0.5x) / Σ e^(−x)
    const y = xs.map((x) => 5 * Math.exp(-0.7 * x));
    const best =
      xs.reduce((s, x, i) => s + y[i] * Math.exp(-0.5 * x), 0) / xs.reduce((s, x) => s + Math.exp(-x), 0);
    expect(fit.params[0]).toBeCloseTo(best, 8);
  });

  it('gives the textbook standard errors for a straight line', () => {
    const x = [1, 2, 3, 4, 5, 6];
    const y = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2];
    const problem: BoundedLeastSquaresProblem = {
      model: (p) => x.map((v) => p[0] + p[1] * v),
      jacobian: () => x.map((v) => [1, v]),
      observed: y,
      lower: [-Infinity, -Infinity],
      upper: [Infinity, Infinity],
    };
    const fit = levenbergMarquardt(problem, [0, 0]);
    // Ordinary least squares in closed form.
    const n = x.length;
    const mx = x.reduce((s, v) => s + v, 0) / n;
    const my = y.reduce((s, v) => s + v, 0) / n;
    const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
    const slope = x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0) / sxx;
    const intercept = my - slope * mx;
    const s2 = y.reduce((s, v, i) => s + (v - intercept - slope * x[i]) ** 2, 0) / (n - 2);
    // Steps are accepted on a lower sum of squares, so parameters settle to ~√ε of their scale.
    expect(fit.params[0]).toBeCloseTo(intercept, 7);
    expect(fit.params[1]).toBeCloseTo(slope, 7);
    const [seIntercept, seSlope] = standardErrorsAt(problem, fit.params, fit.sse);
    expect(seSlope).toBeCloseTo(Math.sqrt(s2 / sxx), 10);
    expect(seIntercept).toBeCloseTo(Math.sqrt(s2 * (1 / n + (mx * mx) / sxx)), 10);
  });
});
