/**
 * The verdict on one metric: a change counts only when it is larger than the allowed
 * regression AND larger than the noise band. Either alone misleads — a 2% shift can be
 * statistically certain and not matter; a 30% shift on a noisy machine can be chance.
 */
import type { Estimate } from './estimate-noise.js';
import type { ChangeVerdict, MetricChange, MetricName } from './comparison-types.js';

export interface JudgeOptions {
  readonly maxRegression: number;
  readonly noiseSigmas: number;
  /** smallest absolute change that can count, in the metric's unit */
  readonly minAbsolute: number;
  /** added to the noise band, in the metric's unit (the generator's own lateness) @default 0 */
  readonly allowance?: number;
}

export function judgeChange(
  metric: MetricName,
  base: Estimate,
  head: Estimate,
  options: JudgeOptions,
): MetricChange {
  const unit = metric === 'throughput' ? '/s' : 'ms';
  const noise = options.noiseSigmas * Math.hypot(base.se, head.se) + (options.allowance ?? 0);
  const change = base.value > 0 ? head.value / base.value - 1 : null;
  // Positive = worse: latency that grew, throughput that fell.
  const worse = metric === 'throughput' ? base.value - head.value : head.value - base.value;
  let verdict: ChangeVerdict;
  if (change === null) verdict = 'inconclusive';
  else if (Math.abs(change) <= options.maxRegression) verdict = 'unchanged';
  else if (Math.abs(worse) > noise && Math.abs(worse) >= options.minAbsolute)
    verdict = worse > 0 ? 'regression' : 'improvement';
  else verdict = 'within-noise';
  return { metric, unit, base: base.value, head: head.value, change, noise, verdict };
}
