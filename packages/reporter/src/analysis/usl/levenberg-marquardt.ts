/**
 * Bounded nonlinear least squares by Levenberg–Marquardt with projection onto the bounds.
 *
 * Each iteration solves (JᵀJ + μ·diag(JᵀJ))·δ = Jᵀr for the free parameters only: a
 * parameter sitting on a bound whose gradient pushes it further out is held there (an
 * active constraint), the rest move, and the new point is clamped into the box. The
 * diag(JᵀJ) damping (Marquardt's scaling) makes steps independent of parameter units,
 * which matters for the USL where λ is ~10³ and κ ~10⁻⁴.
 */
import { invertMatrix, normalMatrix, solveLinear, transposeTimes, type Matrix } from './linear-algebra.js';

export interface BoundedLeastSquaresProblem {
  /** Model value at each observation for parameters p. */
  readonly model: (p: readonly number[]) => number[];
  /** ∂model/∂p: one row per observation, one column per parameter. */
  readonly jacobian: (p: readonly number[]) => Matrix;
  readonly observed: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

export interface LeastSquaresOptions {
  /** @default 500 */
  readonly maxIterations?: number;
  /** Stop when an accepted step moves every parameter by less than this fraction of its value. @default 1e-12 */
  readonly stepTolerance?: number;
}

export interface LeastSquaresResult {
  readonly params: number[];
  /** sum of squared residuals at `params` */
  readonly sse: number;
  readonly iterations: number;
  /** false when the iteration limit was reached first */
  readonly converged: boolean;
  /** Indices of parameters held on a bound at the solution. */
  readonly activeBounds: number[];
}

export function sumOfSquares(problem: BoundedLeastSquaresProblem, p: readonly number[]): number {
  const f = problem.model(p);
  let sse = 0;
  for (let i = 0; i < f.length; i++) sse += (problem.observed[i] - f[i]) ** 2;
  return sse;
}

function clamp(p: readonly number[], lower: readonly number[], upper: readonly number[]): number[] {
  return p.map((v, i) => Math.min(upper[i], Math.max(lower[i], v)));
}

/** Parameters on a bound whose descent direction (g = Jᵀr) points out of the box. */
function activeSet(
  p: readonly number[],
  g: readonly number[],
  problem: BoundedLeastSquaresProblem,
): number[] {
  const active: number[] = [];
  p.forEach((v, i) => {
    if ((v <= problem.lower[i] && g[i] <= 0) || (v >= problem.upper[i] && g[i] >= 0)) active.push(i);
  });
  return active;
}

export function levenbergMarquardt(
  problem: BoundedLeastSquaresProblem,
  initial: readonly number[],
  options: LeastSquaresOptions = {},
): LeastSquaresResult {
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.stepTolerance ?? 1e-12;
  const size = initial.length;
  let p = clamp(initial, problem.lower, problem.upper);
  let sse = sumOfSquares(problem, p);
  let mu = 1e-3;
  let active: number[] = [];

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const f = problem.model(p);
    const r = f.map((v, i) => problem.observed[i] - v);
    const jac = problem.jacobian(p);
    const a = normalMatrix(jac, size);
    const g = transposeTimes(jac, r, size);
    active = activeSet(p, g, problem);
    const free = [...Array(size).keys()].filter((i) => !active.includes(i));
    if (free.length === 0 || sse === 0)
      return { params: p, sse, iterations: iteration, converged: true, activeBounds: active };

    let accepted = false;
    while (!accepted) {
      const reduced: Matrix = free.map((i) =>
        free.map((j) => a[i][j] + (i === j ? mu * Math.max(a[i][i], 1e-300) : 0)),
      );
      const step = solveLinear(
        reduced,
        free.map((i) => g[i]),
      );
      if (step !== null) {
        const candidate = [...p];
        free.forEach((i, k) => (candidate[i] = candidate[i] + step[k]));
        const next = clamp(candidate, problem.lower, problem.upper);
        const nextSse = sumOfSquares(problem, next);
        if (Number.isFinite(nextSse) && nextSse <= sse) {
          const relativeStep = Math.max(
            ...next.map((v, i) => Math.abs(v - p[i]) / Math.max(Math.abs(v), Number.MIN_VALUE)),
          );
          p = next;
          sse = nextSse;
          mu = Math.max(mu / 10, 1e-15);
          accepted = true;
          if (relativeStep < tolerance) {
            return {
              params: p,
              sse,
              iterations: iteration,
              converged: true,
              activeBounds: activeAt(p, problem),
            };
          }
          continue;
        }
      }
      mu *= 10;
      // Damping this large means no step in any direction lowers the sum: a minimum.
      if (mu > 1e15)
        return { params: p, sse, iterations: iteration, converged: true, activeBounds: activeAt(p, problem) };
    }
  }
  return { params: p, sse, iterations: maxIterations, converged: false, activeBounds: activeAt(p, problem) };
}

function activeAt(p: readonly number[], problem: BoundedLeastSquaresProblem): number[] {
  const f = problem.model(p);
  const r = f.map((v, i) => problem.observed[i] - v);
  return activeSet(p, transposeTimes(problem.jacobian(p), r, p.length), problem);
}

/**
 * Asymptotic standard errors of the parameters at a least-squares solution:
 * √diag(s²·(JᵀJ)⁻¹) with s² = SSE/(n − p). null for a parameter when JᵀJ is singular.
 */
export function standardErrorsAt(
  problem: BoundedLeastSquaresProblem,
  params: readonly number[],
  sse: number,
): (number | null)[] {
  const n = problem.observed.length;
  const p = params.length;
  const inverse = n > p ? invertMatrix(normalMatrix(problem.jacobian(params), p)) : null;
  const s2 = sse / (n - p);
  return params.map((_, i) => {
    const v = inverse === null ? NaN : s2 * inverse[i][i];
    return v >= 0 && Number.isFinite(v) ? Math.sqrt(v) : null;
  });
}
