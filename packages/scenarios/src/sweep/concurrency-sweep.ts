/**
 * Closed-model concurrency sweep: throughput X(N) and response time R(N) at increasing
 * concurrency N, the input of the Universal Scalability Law fit. Each point is a full
 * closed-model run (warm-up excluded) with the target's resource deltas when a metrics
 * sampler is given.
 */
import type { WorkloadKind } from '../plan/types.js';
import type { SweepPoint, SweepResult } from '../result/types.js';
import { OptionProblems } from '../drivers/driver-error.js';
import type { DriverResult } from '../drivers/driver-types.js';
import type { TargetMetricsSampler, TargetSample } from '../target-metrics/target-metrics-sampler.js';
import { defaultConcurrencyLevels } from './concurrency-levels.js';
import { sweepStopReason, type MeasuredLevel, type StopRule } from './sweep-stop-rule.js';

/** Runs the closed model at one concurrency for one point's window. */
export type ClosedRunner = (window: {
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly signal?: AbortSignal;
  readonly onMeasureStart: () => void;
  readonly onMeasureEnd: () => void;
}) => Promise<DriverResult>;

export interface ConcurrencySweepOptions {
  readonly workload: WorkloadKind;
  /** e.g. `(n) => (w) => runClosedHttp({ url, connections: n, ...w })` */
  readonly makeClosedRunner: (concurrency: number) => ClosedRunner;
  /** explicit levels, ascending. @default 1, 2, 3, 4, 6, 8, 12, 16, … up to maxConcurrency */
  readonly concurrencies?: readonly number[];
  /** @default 1024 */
  readonly maxConcurrency?: number;
  /** seconds measured per point. @default 5 */
  readonly pointSeconds?: number;
  /** seconds of warm-up per point. @default 1 */
  readonly warmupSeconds?: number;
  /** @default 8 */
  readonly minPoints?: number;
  /** @default 0.03 */
  readonly growthThreshold?: number;
  /** @default 3 */
  readonly flatPoints?: number;
  /** @default 0.8 */
  readonly retrogradeRatio?: number;
  /** @default 0.5 */
  readonly maxErrorRatio?: number;
  /** target metrics per point (resource demand vs load) */
  readonly metrics?: TargetMetricsSampler;
  readonly signal?: AbortSignal;
  /** progress: called after each point */
  readonly onPoint?: (point: SweepPoint, result: DriverResult) => void;
}

export async function runConcurrencySweep(options: ConcurrencySweepOptions): Promise<SweepResult> {
  const maxConcurrency = options.maxConcurrency ?? 1024;
  const problems = new OptionProblems();
  problems.positive('maxConcurrency', maxConcurrency, { integer: true });
  problems.positive('pointSeconds', options.pointSeconds, { optional: true });
  problems.positive('minPoints', options.minPoints, { integer: true, optional: true });
  const levels = options.concurrencies ?? defaultConcurrencyLevels(maxConcurrency);
  levels.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1)
      problems.add(`concurrencies[${i}]`, `must be a positive integer, got ${n}`);
    else if (i > 0 && n <= levels[i - 1]) problems.add(`concurrencies[${i}]`, 'levels must be ascending');
  });
  if (levels.length === 0) problems.add('concurrencies', 'must hold at least one level');
  problems.throwIfAny('runConcurrencySweep');
  const rule: StopRule = {
    minPoints: options.minPoints ?? 8,
    growthThreshold: options.growthThreshold ?? 0.03,
    flatPoints: options.flatPoints ?? 3,
    retrogradeRatio: options.retrogradeRatio ?? 0.8,
    maxErrorRatio: options.maxErrorRatio ?? 0.5,
  };

  const points: SweepPoint[] = [];
  const measured: MeasuredLevel[] = [];
  const generatorBound: { concurrency: number; reason: string }[] = [];
  let stoppedBecause: string | null = null;
  for (const concurrency of levels) {
    if (options.signal?.aborted === true) {
      stoppedBecause = 'interrupted';
      break;
    }
    const { point, result } = await measurePoint(options, concurrency);
    points.push(point);
    options.onPoint?.(point, result);
    if (result.status === 'interrupted') {
      stoppedBecause = 'interrupted';
      break;
    }
    if (result.generator.bound)
      generatorBound.push({ concurrency, reason: result.generator.reasons[0] ?? '' });
    const settled = result.counts.completed + result.counts.errors;
    measured.push({
      concurrency,
      throughput: point.throughput,
      errorRatio: settled > 0 ? result.counts.errors / settled : 0,
    });
    stoppedBecause = sweepStopReason(measured, rule);
    if (stoppedBecause !== null) break;
  }
  stoppedBecause ??= `measured every level up to concurrency ${points.at(-1)?.concurrency ?? 0}`;
  if (generatorBound.length > 0) {
    // SweepPoint has no health field: this sentence is what tells the reader which points
    // to distrust, and why.
    const at = generatorBound.map((g) => g.concurrency).join(', ');
    stoppedBecause += `; generator-bound at concurrency ${at}, so those points may not measure the target (${generatorBound[0].reason})`;
  }
  return { workload: options.workload, points, stoppedBecause };
}

async function measurePoint(
  options: ConcurrencySweepOptions,
  concurrency: number,
): Promise<{ point: SweepPoint; result: DriverResult }> {
  const { metrics } = options;
  let began: Promise<void> = Promise.resolve();
  let ended: Promise<TargetSample> | undefined;
  const result = await options.makeClosedRunner(concurrency)({
    durationSeconds: options.pointSeconds ?? 5,
    warmupSeconds: options.warmupSeconds ?? 1,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onMeasureStart: () => {
      if (metrics !== undefined) began = metrics.begin();
    },
    onMeasureEnd: () => {
      // The end snapshot belongs to the window's end, not to after the drain.
      if (metrics !== undefined) ended = began.then(() => metrics.end());
    },
  });
  const target = ended === undefined ? null : (await ended).deltas;
  const point: SweepPoint = {
    concurrency,
    throughput: result.achievedRate,
    meanResponseMs: result.latency.corrected.mean,
    p99Ms: result.latency.corrected.p99,
    errors: result.counts.errors,
    durationSeconds: result.durationSeconds,
    target,
  };
  return { point, result };
}
