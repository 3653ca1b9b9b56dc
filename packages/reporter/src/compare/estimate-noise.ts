/**
 * One run's figure for a metric and how far a re-run of the same build could move it.
 *
 * Two sources of noise, and each estimate takes the larger:
 * - sampling: a throughput is a count (Poisson: se = √count / seconds); a latency
 *   percentile is an order statistic, whose rank in a sample of n varies by
 *   √(n·q·(1−q)), so the histogram's values one rank-standard-error either side of n·q
 *   span ±1 se — exact for any distribution, read straight off the HDR buckets;
 * - time: the per-second timeline (achieved rate, p50, p99) shows how much the figure
 *   wanders within the run; its standard deviation over √seconds is the standard error of
 *   the run's figure if seconds are independent. This is what catches a shared, noisy
 *   machine, which sampling alone never sees.
 */
import hdr from 'hdr-histogram-js';

import type { WorkloadStepResult } from '@headroom/scenarios';

export interface Estimate {
  /** in the metric's unit (per second, or ms) */
  readonly value: number;
  /** one standard error, same unit */
  readonly se: number;
  /**
   * True for a percentile with fewer than MIN_VALUES_BEYOND recorded values above it (a
   * p99 of 80 values is close to their maximum): its rank error no longer follows the
   * normal approximation, so the standard error above understates how much a re-run can
   * move it, and a change in it is not judged.
   */
  readonly tooFewBeyond?: boolean;
}

/** Values beyond a percentile needed to judge it (the usual n·p ≥ 5 rule for a binomial). */
export const MIN_VALUES_BEYOND = 5;

/** Recorded unit → ms (RunResult histograms hold microseconds). */
const US_PER_MS = 1000;

/** Tail index −log10(1 − q): 0.30 for p50, 1 for p90, 2 for p99. */
const tail = (q: number): number => -Math.log10(1 - q);

export function throughputEstimate(w: WorkloadStepResult, durationSeconds: number): Estimate {
  const sampling = durationSeconds > 0 ? Math.sqrt(w.counts.completed) / durationSeconds : 0;
  const perSecond = w.timeline.map((p) => p.achieved);
  const time = standardError(perSecond);
  return { value: w.achievedRate, se: Math.max(sampling, time) };
}

/**
 * Corrected-latency percentiles (quantiles 0..1) with their standard errors, or null when
 * nothing was recorded. The per-second spread is measured for p50 and p99; between them
 * it is interpolated on the tail index, beyond p99 it is taken as p99's (the rank term
 * grows by itself there, as few values lie beyond p99.9).
 */
export function latencyEstimates(w: WorkloadStepResult, quantiles: readonly number[]): Estimate[] | null {
  const encoded = w.latency.correctedHistogram;
  if (encoded.trim() === '') return null;
  const histogram = hdr.decodeFromCompressedBase64(encoded, 32, false);
  try {
    const n = histogram.totalCount;
    if (n === 0) return null;
    const seconds = w.timeline.filter((p) => p.achieved > 0);
    const cv50 = coefficientOfVariation(seconds.map((p) => p.p50Ms));
    const cv99 = coefficientOfVariation(seconds.map((p) => p.p99Ms));
    const at = (rank: number): number =>
      histogram.getValueAtPercentile(Math.min(100, Math.max(0, (100 * rank) / n))) / US_PER_MS;
    return quantiles.map((q) => {
      const value = at(n * q);
      const spread = Math.sqrt(n * q * (1 - q));
      const sampling = (at(n * q + spread) - at(n * q - spread)) / 2;
      const where = Math.min(1, Math.max(0, (tail(q) - tail(0.5)) / (tail(0.99) - tail(0.5))));
      const cv = cv50 + (cv99 - cv50) * where;
      const time = seconds.length >= 2 ? (cv * value) / Math.sqrt(seconds.length) : 0;
      return { value, se: Math.max(sampling, time), tooFewBeyond: n * (1 - q) < MIN_VALUES_BEYOND };
    });
  } finally {
    histogram.destroy();
  }
}

/** sample standard deviation / √n; 0 for fewer than two values */
function standardError(values: readonly number[]): number {
  if (values.length < 2) return 0;
  return standardDeviation(values) / Math.sqrt(values.length);
}

function coefficientOfVariation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return mean > 0 ? standardDeviation(values) / mean : 0;
}

function standardDeviation(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const squares = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}
