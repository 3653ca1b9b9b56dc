/**
 * Everything `headroom model usl` reports about a set of points: the fit, predictions at
 * the measured and the interesting concurrencies, and — given a target throughput — what
 * reaching it takes. JSON-ready (the CLI prints it with --json).
 */
import {
  fitUsl,
  predictUsl,
  USL_EXTRAPOLATION_FACTOR,
  type UslFit,
  type UslFlag,
  type UslPoint,
} from './fit-usl.js';
import { planScaleOut, type ScaleOutPlan } from './scale-out.js';

export interface UslPrediction {
  readonly concurrency: number;
  /** per second */
  readonly throughput: number;
  /** measured throughput at this concurrency, when one was */
  readonly measured: number | null;
  readonly extrapolated: boolean;
}

export interface UslReport {
  readonly sigma: number;
  readonly kappa: number;
  readonly lambda: number;
  /** N*, floored; null when κ = 0 */
  readonly maxConcurrency: number | null;
  /** X(N*), or the asymptote λ/σ without a peak */
  readonly maxThroughput: number;
  readonly standardErrors: UslFit['standardErrors'];
  readonly rSquared: number;
  readonly points: number;
  readonly largestMeasuredConcurrency: number;
  readonly flags: readonly UslFlag[];
  readonly predictions: readonly UslPrediction[];
  /** null without a target */
  readonly target: ScaleOutPlan | null;
}

export function uslReport(points: readonly UslPoint[], targetThroughput: number | null = null): UslReport {
  const fit = fitUsl(points);
  const largest = fit.largestMeasuredConcurrency;
  const target = targetThroughput === null ? null : planScaleOut(fit, targetThroughput);
  const probes = new Set<number>(fit.points.map((p) => p.concurrency));
  if (fit.maxConcurrency !== null) probes.add(fit.maxConcurrency);
  probes.add(Math.round(1.5 * largest));
  probes.add(USL_EXTRAPOLATION_FACTOR * largest);
  probes.add(2 * USL_EXTRAPOLATION_FACTOR * largest);
  if (target !== null && target.concurrency !== null) probes.add(target.concurrency);
  const predictions = [...probes]
    .sort((a, b) => a - b)
    .map((n) => {
      const p = predictUsl(fit, n);
      const measured = fit.points.filter((x) => x.concurrency === n);
      return {
        ...p,
        measured:
          measured.length > 0 ? measured.reduce((s, x) => s + x.throughput, 0) / measured.length : null,
      };
    });
  return {
    sigma: fit.sigma,
    kappa: fit.kappa,
    lambda: fit.lambda,
    maxConcurrency: fit.maxConcurrency,
    maxThroughput: fit.maxThroughput,
    standardErrors: fit.standardErrors,
    rSquared: fit.rSquared,
    points: fit.points.length,
    largestMeasuredConcurrency: largest,
    flags: fit.flags,
    predictions,
    target,
  };
}
