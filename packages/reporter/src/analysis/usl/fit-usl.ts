/**
 * Fits the Universal Scalability Law to measured (concurrency, throughput) points by
 * bounded nonlinear least squares: σ, κ ∈ [0, 1], λ > 0.
 *
 * Starting points: for each (σ, κ) on a small grid, λ is chosen so the curve passes
 * through the first point; the few best-scoring grid points each start a
 * Levenberg–Marquardt run and the lowest sum of squares wins. Standard errors come from
 * s²(JᵀJ)⁻¹ at the solution, s² = SSE/(n − 3).
 */
import { UslInputError } from '../../errors.js';
import {
  levenbergMarquardt,
  standardErrorsAt,
  sumOfSquares,
  type BoundedLeastSquaresProblem,
} from './levenberg-marquardt.js';
import { peakConcurrency, peakThroughput, uslGradient, uslThroughput, type UslParams } from './usl-model.js';

export interface UslPoint {
  readonly concurrency: number;
  /** per second */
  readonly throughput: number;
}

export type UslFlagCode = 'bound-active' | 'no-peak' | 'peak-extrapolated' | 'poor-fit' | 'not-converged';

export interface UslFlag {
  readonly code: UslFlagCode;
  readonly message: string;
}

export interface UslFit extends UslParams {
  readonly points: readonly UslPoint[];
  /** null when JᵀJ is singular or a parameter sits on a bound (the estimate is then one-sided) */
  readonly standardErrors: {
    readonly sigma: number | null;
    readonly kappa: number | null;
    readonly lambda: number | null;
  };
  readonly rSquared: number;
  /** sum of squared residuals, (per second)² */
  readonly sse: number;
  readonly iterations: number;
  /** N*, floored; null when κ = 0 (no peak) */
  readonly maxConcurrency: number | null;
  /** X(N*), or the asymptote λ/σ when there is no peak (Infinity when σ = κ = 0) */
  readonly maxThroughput: number;
  readonly largestMeasuredConcurrency: number;
  readonly flags: readonly UslFlag[];
}

export const USL_MIN_POINTS = 6;
/** Predictions beyond this multiple of the largest measured concurrency are extrapolations. */
export const USL_EXTRAPOLATION_FACTOR = 2;

const LOWER = [0, 0, Number.MIN_VALUE];
const UPPER = [1, 1, Number.POSITIVE_INFINITY];
const SIGMA_GRID = [0, 0.001, 0.01, 0.03, 0.1, 0.3, 0.6];
const KAPPA_GRID = [0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1];

function checkPoints(points: readonly UslPoint[]): void {
  if (points.length < USL_MIN_POINTS) {
    throw new UslInputError(
      `the USL fit needs at least ${USL_MIN_POINTS} (concurrency, throughput) points; got ${points.length}`,
    );
  }
  points.forEach((pt, i) => {
    if (!Number.isFinite(pt.concurrency) || pt.concurrency <= 0) {
      throw new UslInputError(`point ${i + 1}: concurrency must be a positive number, got ${pt.concurrency}`);
    }
    if (!Number.isFinite(pt.throughput) || pt.throughput < 0) {
      throw new UslInputError(`point ${i + 1}: throughput must be a number ≥ 0, got ${pt.throughput}`);
    }
  });
  if (new Set(points.map((p) => p.concurrency)).size < 3) {
    throw new UslInputError('the USL fit needs at least 3 different concurrency values');
  }
  if (points.every((p) => p.throughput === 0))
    throw new UslInputError('every throughput is 0: nothing to fit');
}

function problemFor(points: readonly UslPoint[]): BoundedLeastSquaresProblem {
  const toParams = (p: readonly number[]): UslParams => ({ sigma: p[0], kappa: p[1], lambda: p[2] });
  return {
    model: (p) => points.map((pt) => uslThroughput(toParams(p), pt.concurrency)),
    jacobian: (p) => points.map((pt) => uslGradient(toParams(p), pt.concurrency)),
    observed: points.map((pt) => pt.throughput),
    lower: LOWER,
    upper: UPPER,
  };
}

function startingPoints(points: readonly UslPoint[], problem: BoundedLeastSquaresProblem): number[][] {
  const first = points.reduce((a, b) => (b.concurrency < a.concurrency ? b : a));
  const candidates: { p: number[]; sse: number }[] = [];
  for (const sigma of SIGMA_GRID) {
    for (const kappa of KAPPA_GRID) {
      const n = first.concurrency;
      const lambda = Math.max((first.throughput / n) * (1 + sigma * (n - 1) + kappa * n * (n - 1)), 1e-9);
      const p = [sigma, kappa, lambda];
      candidates.push({ p, sse: sumOfSquares(problem, p) });
    }
  }
  candidates.sort((a, b) => a.sse - b.sse);
  return candidates.slice(0, 4).map((c) => c.p);
}

export function fitUsl(input: readonly UslPoint[]): UslFit {
  checkPoints(input);
  const points = [...input].sort((a, b) => a.concurrency - b.concurrency);
  const problem = problemFor(points);
  const runs = startingPoints(points, problem).map((start) => levenbergMarquardt(problem, start));
  const best = runs.reduce((a, b) => (b.sse < a.sse ? b : a));
  const params: UslParams = { sigma: best.params[0], kappa: best.params[1], lambda: best.params[2] };

  const mean = points.reduce((s, p) => s + p.throughput, 0) / points.length;
  const sst = points.reduce((s, p) => s + (p.throughput - mean) ** 2, 0);
  const rSquared = sst > 0 ? 1 - best.sse / sst : 1;
  const largest = points[points.length - 1].concurrency;
  const maxConcurrency = peakConcurrency(params);

  const flags: UslFlag[] = [];
  const names = ['σ', 'κ', 'λ'];
  const bounds = best.params.map((v, i) =>
    v <= LOWER[i] ? `${names[i]} = ${LOWER[i]}` : v >= UPPER[i] ? `${names[i]} = ${UPPER[i]}` : null,
  );
  const atBound = bounds.filter((b): b is string => b !== null);
  if (atBound.length > 0) {
    flags.push({
      code: 'bound-active',
      message: `the fit rests on a bound (${atBound.join(', ')}): the unconstrained best fit lies outside the physical range, so treat that coefficient as "at most" and the data as noisy or super-linear`,
    });
  }
  if (maxConcurrency === null) {
    flags.push({
      code: 'no-peak',
      message:
        'κ = 0: the data show no retrograde region, so the model predicts no peak; the ceiling is the asymptote λ/σ',
    });
  } else if (maxConcurrency > USL_EXTRAPOLATION_FACTOR * largest) {
    flags.push({
      code: 'peak-extrapolated',
      message: `N* = ${maxConcurrency} is beyond ${USL_EXTRAPOLATION_FACTOR}× the largest measured concurrency (${largest}): the peak is an extrapolation`,
    });
  }
  if (rSquared < 0.9) {
    flags.push({
      code: 'poor-fit',
      message: `R² = ${rSquared.toFixed(3)}: the USL explains the points poorly`,
    });
  }
  // A parameter on a bound has a one-sided error: no symmetric standard error for it.
  const errors = standardErrorsAt(problem, best.params, best.sse).map((e, i) => (bounds[i] ? null : e));
  if (!best.converged)
    flags.push({ code: 'not-converged', message: 'the fit stopped at its iteration limit' });

  return {
    ...params,
    points,
    standardErrors: { sigma: errors[0] ?? null, kappa: errors[1] ?? null, lambda: errors[2] ?? null },
    rSquared,
    sse: best.sse,
    iterations: runs.reduce((s, r) => s + r.iterations, 0),
    maxConcurrency,
    maxThroughput: peakThroughput(params),
    largestMeasuredConcurrency: largest,
    flags,
  };
}

/** X(N) from a fit, flagged when N is past the trusted range. */
export function predictUsl(
  fit: UslFit,
  concurrency: number,
): { concurrency: number; throughput: number; extrapolated: boolean } {
  return {
    concurrency,
    throughput: uslThroughput(fit, concurrency),
    extrapolated: concurrency > USL_EXTRAPOLATION_FACTOR * fit.largestMeasuredConcurrency,
  };
}
