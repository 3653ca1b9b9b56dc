import { defaultConcurrencyLevels } from '../sweep/concurrency-levels.js';
import type { ResolvedPlan } from './types.js';

export interface PlanDurationEstimate {
  /** seconds of load: mixed steps + isolated runs + sweep (the longest it can run) */
  readonly seconds: number;
  readonly steps: number;
  readonly isolated: number;
  readonly sweep: number;
}

/**
 * How long a plan drives load, so `headroom run` can say up front what it is in for.
 * Start-up, fixture provisioning and connection ramp-up come on top and depend on the
 * target; the sweep figure is its upper bound (it may stop early once throughput flattens,
 * but never before minPoints).
 */
export function estimatePlanDuration(plan: ResolvedPlan): PlanDurationEstimate {
  const perStep = plan.warmupSeconds + plan.durationSeconds;
  const steps = plan.steps.length * perStep;
  const isolated = plan.isolated.enabled
    ? plan.isolated.workloads.length * plan.isolated.steps.length * perStep
    : 0;
  const points = defaultConcurrencyLevels(plan.sweep.maxConcurrency).length;
  const sweep = plan.sweep.enabled ? points * plan.sweep.pointSeconds : 0;
  return { seconds: steps + isolated + sweep, steps, isolated, sweep };
}
