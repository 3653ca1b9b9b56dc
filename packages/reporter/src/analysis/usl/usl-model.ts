/**
 * Gunther's Universal Scalability Law:
 *
 *   X(N) = λN / (1 + σ(N − 1) + κN(N − 1))
 *
 * N is the load (concurrency), X the throughput, λ the throughput of one unit of load
 * without contention, σ the serial fraction (contention: queueing for a shared
 * resource) and κ the crosstalk (coherency: units of work waiting on each other, which
 * makes throughput fall past a peak).
 */

export interface UslParams {
  readonly sigma: number;
  readonly kappa: number;
  /** throughput of one unit of concurrency, per second */
  readonly lambda: number;
}

export function uslThroughput(params: UslParams, n: number): number {
  return (params.lambda * n) / (1 + params.sigma * (n - 1) + params.kappa * n * (n - 1));
}

/** ∂X/∂(σ, κ, λ) at N. */
export function uslGradient(params: UslParams, n: number): [number, number, number] {
  const d = 1 + params.sigma * (n - 1) + params.kappa * n * (n - 1);
  const x = (params.lambda * n) / d;
  return [(-x * (n - 1)) / d, (-x * n * (n - 1)) / d, n / d];
}

/**
 * N* = ⌊√((1 − σ)/κ)⌋, the concurrency of peak throughput (floored, as load comes in whole
 * units); null when κ = 0 and throughput never peaks.
 */
export function peakConcurrency(params: UslParams): number | null {
  if (params.kappa <= 0) return null;
  return Math.max(1, Math.floor(Math.sqrt((1 - params.sigma) / params.kappa)));
}

/**
 * The highest throughput the model allows: X(N*); without a peak (κ = 0) the asymptote
 * λ/σ, which is approached but never reached; Infinity for linear scaling (σ = κ = 0).
 */
export function peakThroughput(params: UslParams): number {
  const nStar = peakConcurrency(params);
  if (nStar !== null) return uslThroughput(params, nStar);
  return params.sigma > 0 ? params.lambda / params.sigma : Number.POSITIVE_INFINITY;
}

/**
 * The smallest N with X(N) = x, from κxN² + (σx − κx − λ)N + x(1 − σ) = 0; null when the
 * model never reaches x.
 */
export function concurrencyForThroughput(params: UslParams, x: number): number | null {
  const { sigma, kappa, lambda } = params;
  if (x <= 0) return 0;
  const b = sigma * x - kappa * x - lambda;
  const c = x * (1 - sigma);
  if (kappa === 0) {
    // Linear in N: (σx − λ)N + x(1 − σ) = 0
    return b < 0 ? c / -b : null;
  }
  const a = kappa * x;
  const disc = b * b - 4 * a * c;
  if (disc < 0) return null;
  const root = (-b - Math.sqrt(disc)) / (2 * a);
  return root > 0 ? root : null;
}
