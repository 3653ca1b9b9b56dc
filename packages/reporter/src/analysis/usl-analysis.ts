/**
 * The USL applied to a run's concurrency sweep: fit it when there are enough points, and
 * work out what reaching the plan's target throughput for the swept workload takes.
 */
import type { CapacityBaseline, RunResult, WorkloadKind } from '@headroom/scenarios';

import { UslInputError } from '../errors.js';
import type { BottleneckAnalysis } from './bottleneck.js';
import { classifyResource } from './resource-catalogue.js';
import { fitUsl, USL_MIN_POINTS, type UslFit } from './usl/fit-usl.js';
import { planScaleOut, type ScaleOutPlan, type SharedLimit } from './usl/scale-out.js';

export interface UslAnalysis {
  readonly status: 'fitted' | 'refused' | 'not-run';
  /** why it was not fitted; null when fitted */
  readonly reason: string | null;
  readonly workload: WorkloadKind | null;
  readonly fit: UslFit | null;
  /** the plan's target for the swept workload, per second; null when the plan has no such row */
  readonly targetThroughput: number | null;
  readonly scaleOut: ScaleOutPlan | null;
}

/** Target rate of a workload kind at the target multiplier, per second, or null without a plan row. */
export function targetRateFor(kind: WorkloadKind, capacity: CapacityBaseline): number | null {
  const m = capacity.targetMultiplier;
  switch (kind) {
    case 'orders':
      return capacity.ordersPerSecond * m;
    case 'market-data':
      return capacity.marketDataUpdatesPerSecond * m;
    case 'registrations':
      return (capacity.registrationsPerDay / 86_400) * capacity.registrationPeakFactor * m;
    case 'sessions':
    case 'logins':
    case 'http':
      return null;
  }
}

/** Work counter names (DESIGN §6) for each workload kind whose throughput they count. */
const WORK_OF_KIND: Partial<Record<WorkloadKind, string>> = {
  orders: 'orders',
  'market-data': 'md_messages',
  registrations: 'registrations',
};

function sharedLimit(bottleneck: BottleneckAnalysis, kind: WorkloadKind): SharedLimit | null {
  if (!bottleneck.reference || bottleneck.workKey !== WORK_OF_KIND[kind]) return null;
  const shared = bottleneck.reference.resources.filter(
    (r) => classifyResource(r.resource).shared && r.boundPerSecond !== null,
  );
  const tightest = shared[0];
  return tightest ? { resource: tightest.resource, boundPerSecond: tightest.boundPerSecond! } : null;
}

export function analyzeUsl(run: RunResult, bottleneck: BottleneckAnalysis): UslAnalysis {
  const sweep = run.sweep;
  if (!sweep) {
    return {
      status: 'not-run',
      reason: 'the plan skipped the concurrency sweep',
      workload: null,
      fit: null,
      targetThroughput: null,
      scaleOut: null,
    };
  }
  const points = sweep.points
    .filter((p) => p.throughput > 0)
    .map((p) => ({ concurrency: p.concurrency, throughput: p.throughput }));
  const targetThroughput = targetRateFor(sweep.workload, run.plan.capacity);
  if (points.length < USL_MIN_POINTS) {
    return {
      status: 'refused',
      reason: `the sweep measured ${points.length} usable point${points.length === 1 ? '' : 's'}; the fit needs at least ${USL_MIN_POINTS} (sweep stopped: ${sweep.stoppedBecause})`,
      workload: sweep.workload,
      fit: null,
      targetThroughput,
      scaleOut: null,
    };
  }
  let fit: UslFit;
  try {
    fit = fitUsl(points);
  } catch (error) {
    // Bad points are a property of the data (reported); anything else is a bug (thrown).
    if (!(error instanceof UslInputError)) throw error;
    return {
      status: 'refused',
      reason: error.message,
      workload: sweep.workload,
      fit: null,
      targetThroughput,
      scaleOut: null,
    };
  }
  return {
    status: 'fitted',
    reason: null,
    workload: sweep.workload,
    fit,
    targetThroughput,
    scaleOut:
      targetThroughput === null
        ? null
        : planScaleOut(fit, targetThroughput, sharedLimit(bottleneck, sweep.workload)),
  };
}
