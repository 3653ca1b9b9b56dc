import type { TypedWorkloadPlan, WorkloadPlan } from './types.js';

/**
 * A WorkloadPlan with its options typed by kind. Every WorkloadPlan comes out of
 * `resolvePlan`, which builds options per kind, so the narrowing holds by construction.
 */
export function typedWorkload(workload: WorkloadPlan): TypedWorkloadPlan {
  return workload as TypedWorkloadPlan;
}
