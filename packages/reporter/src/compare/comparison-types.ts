/**
 * What `compareRuns` finds between a base and a head run: per step and workload, the change
 * of throughput and of the latency percentiles, each judged against both the allowed
 * regression and the run-to-run noise. Plain data: the CLI prints it as JSON, the Markdown
 * renderer lays it out for a pull request.
 */
import type { WorkloadKind } from '@headroom/scenarios';

export type MetricName = 'throughput' | 'p50' | 'p90' | 'p99' | 'p99.9';

/**
 * - regression: worse by more than the allowed fraction AND by more than the noise
 * - improvement: better by more than both
 * - within-noise: changed by more than the allowed fraction, but not beyond the noise
 * - unchanged: changed by less than the allowed fraction
 * - inconclusive: not judged (different load offered, failed step, nothing recorded; the
 *   throughput of a step where the load generator fell behind; a percentile with fewer
 *   than 5 recorded values beyond it, such as the p99 of a run of 80 operations)
 */
export type ChangeVerdict = 'regression' | 'improvement' | 'within-noise' | 'unchanged' | 'inconclusive';

export interface MetricChange {
  readonly metric: MetricName;
  /** '/s' for throughput (completed operations per second), 'ms' for latency */
  readonly unit: '/s' | 'ms';
  readonly base: number;
  readonly head: number;
  /** head / base − 1; null when base is 0 */
  readonly change: number | null;
  /**
   * Half-width of the band a same-build difference stays inside, in the metric's unit:
   * `noiseSigmas` × √(se_base² + se_head²), where each se is the larger of the sampling
   * error (Poisson counts, order-statistic ranks in the histogram) and the per-second
   * variability of the run's timeline — plus, on a step where the load generator fell
   * behind, its own lateness (see ComparisonRow.caveat).
   */
  readonly noise: number;
  readonly verdict: ChangeVerdict;
}

export interface ComparisonRow {
  readonly phase: 'mixed' | 'isolated';
  readonly multiplier: number;
  readonly workload: string;
  readonly kind: WorkloadKind;
  /** what one operation is, e.g. 'orders' */
  readonly unit: string;
  readonly metrics: readonly MetricChange[];
  /** Why this row does not gate (every metric is then 'inconclusive'); null when it does. */
  readonly inconclusiveBecause: string | null;
  /** How the row was judged with care (the generator fell behind); null when it was not. */
  readonly caveat: string | null;
}

/** Closed-loop sweep points at equal concurrency: shown for context, not gated (no per-second samples). */
export interface SweepChange {
  readonly concurrency: number;
  /** completed operations per second */
  readonly baseThroughput: number;
  readonly headThroughput: number;
  readonly change: number | null;
  /** ms */
  readonly baseP99Ms: number;
  readonly headP99Ms: number;
}

export interface RunRef {
  readonly runId: string;
  readonly planName: string;
  readonly startedAt: string;
  readonly status: 'complete' | 'interrupted' | 'aborted';
  readonly targetConfig: Readonly<Record<string, string | number | boolean>>;
}

export interface Comparison {
  readonly base: RunRef;
  readonly head: RunRef;
  /** fraction, e.g. 0.05 */
  readonly maxRegression: number;
  readonly noiseSigmas: number;
  /** ms: latency changes smaller than this never count */
  readonly minLatencyChangeMs: number;
  /** 'regression' when any gated metric regressed */
  readonly verdict: 'regression' | 'no-regression';
  readonly counts: Readonly<Record<ChangeVerdict, number>>;
  readonly rows: readonly ComparisonRow[];
  readonly sweep: readonly SweepChange[];
  /** Steps or workloads only one of the runs measured, and other caveats. */
  readonly notes: readonly string[];
}

export interface CompareOptions {
  /** Worse by more than this fraction (and beyond the noise) is a regression. @default 0.05 */
  readonly maxRegression?: number;
  /**
   * Width of the noise band in standard errors. Three, not two: one comparison judges
   * dozens of metrics at once, and a gate that cries wolf gets switched off. @default 3
   */
  readonly noiseSigmas?: number;
  /** ms; below a loopback round trip's resolution a latency change is not a finding. @default 0.05 */
  readonly minLatencyChangeMs?: number;
}
