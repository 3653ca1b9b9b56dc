/**
 * The concurrency sweep of a run: the plan's sweep workload in a closed loop at 1, 2, 3,
 * 4, 6, 8, … outstanding operations, each point with the target's resource deltas, until
 * throughput stops growing (runConcurrencySweep decides when).
 */
import type { ResolvedPlan, WorkloadKind } from '../plan/types.js';
import type { SweepPoint, SweepResult } from '../result/types.js';
import { runConcurrencySweep } from '../sweep/concurrency-sweep.js';
import type { TargetMetricsSampler } from '../target-metrics/target-metrics-sampler.js';
import type { Workload } from '../workloads/workload.js';

/** seconds of warm-up per point at most: connections open and fill; half a point when points are short */
const POINT_WARMUP_SECONDS = 1;

export async function driveSweep(
  plan: ResolvedPlan,
  kind: WorkloadKind,
  sweep: NonNullable<Workload['sweep']>,
  sampler: TargetMetricsSampler | null,
  signal: AbortSignal,
  onPoint: (point: SweepPoint) => void,
): Promise<SweepResult> {
  const warmupSeconds = Math.min(POINT_WARMUP_SECONDS, plan.warmupSeconds, plan.sweep.pointSeconds / 2);
  return runConcurrencySweep({
    workload: kind,
    makeClosedRunner: (concurrency) => (window) =>
      sweep(concurrency, window.durationSeconds, window.signal ?? signal, {
        warmupSeconds: window.warmupSeconds,
        onMeasureStart: window.onMeasureStart,
        onMeasureEnd: window.onMeasureEnd,
      }),
    maxConcurrency: plan.sweep.maxConcurrency,
    pointSeconds: plan.sweep.pointSeconds,
    warmupSeconds,
    minPoints: plan.sweep.minPoints,
    ...(sampler === null ? {} : { metrics: sampler }),
    signal,
    onPoint: (point) => onPoint(point),
  });
}
