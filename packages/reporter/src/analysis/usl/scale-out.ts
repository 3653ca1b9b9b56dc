/**
 * What it takes to reach a target throughput, from a USL fit: more concurrency on one
 * instance if the curve gets there before its peak, otherwise shared-nothing instances
 * (instrument shards, gateway replicas) each running at most at its peak. A resource all
 * instances share (one database writer) caps them together, so when it is below the
 * target no number of instances reaches it.
 */
import { formatNumber } from '../../format.js';
import { USL_EXTRAPOLATION_FACTOR, type UslFit } from './fit-usl.js';
import { concurrencyForThroughput } from './usl-model.js';

export interface SharedLimit {
  readonly resource: string;
  /** per second, in the same unit as the fit's throughput */
  readonly boundPerSecond: number;
}

export interface ScaleOutPlan {
  readonly verdict: 'one-instance' | 'instances' | 'none';
  /** per second */
  readonly targetThroughput: number;
  /** concurrency one instance needs (one-instance verdict) */
  readonly concurrency: number | null;
  readonly instances: number | null;
  /** throughput each instance is planned at, per second */
  readonly perInstance: number | null;
  /** the answer leans on the curve beyond 2× the largest measured concurrency */
  readonly extrapolated: boolean;
  readonly explanation: string;
}

export function planScaleOut(
  fit: UslFit,
  targetThroughput: number,
  shared: SharedLimit | null = null,
): ScaleOutPlan {
  const trusted = USL_EXTRAPOLATION_FACTOR * fit.largestMeasuredConcurrency;
  const base = {
    targetThroughput,
    concurrency: null,
    instances: null,
    perInstance: null,
    extrapolated: false,
  };
  const target = formatNumber(targetThroughput);

  if (shared && shared.boundPerSecond < targetThroughput) {
    return {
      ...base,
      verdict: 'none',
      explanation: `No number of instances reaches ${target}/s: they all share ${shared.resource}, which allows at most ${formatNumber(shared.boundPerSecond)}/s. Scale or split ${shared.resource} first.`,
    };
  }
  const n = concurrencyForThroughput(fit, targetThroughput);
  const withinPeak = n !== null && (fit.maxConcurrency === null || n <= fit.maxConcurrency + 1e-9);
  if (withinPeak) {
    const concurrency = Math.ceil(n - 1e-9);
    const extrapolated = concurrency > trusted;
    return {
      ...base,
      verdict: 'one-instance',
      concurrency,
      instances: 1,
      perInstance: targetThroughput,
      extrapolated,
      explanation: `One instance reaches ${target}/s at a concurrency of about ${concurrency}${extrapolated ? ` — an extrapolation beyond ${USL_EXTRAPOLATION_FACTOR}× the largest measured concurrency (${fit.largestMeasuredConcurrency})` : ''}.`,
    };
  }
  // No peak (κ = 0) but the asymptote λ/σ is below the target: plan instances at the
  // throughput the curve gives at the edge of the trusted range.
  const perInstance =
    fit.maxConcurrency !== null
      ? fit.maxThroughput
      : (fit.lambda * trusted) / (1 + fit.sigma * (trusted - 1));
  if (!(perInstance > 0) || !Number.isFinite(perInstance)) {
    return {
      ...base,
      verdict: 'none',
      explanation: `The fitted curve never reaches ${target}/s and gives no usable per-instance throughput.`,
    };
  }
  const instances = Math.ceil(targetThroughput / perInstance - 1e-9);
  const extrapolated = fit.maxConcurrency !== null && fit.maxConcurrency > trusted;
  return {
    ...base,
    verdict: 'instances',
    instances,
    perInstance,
    extrapolated,
    explanation: `One instance peaks at ${formatNumber(perInstance)}/s${fit.maxConcurrency !== null ? ` (N* = ${fit.maxConcurrency})` : ''}; ${instances} shared-nothing instances reach ${target}/s, each at its peak with no margin${extrapolated ? ' (the peak itself is extrapolated)' : ''}.`,
  };
}
