/**
 * Regroups a run step-major → workload-major: for each workload of the plan, its result at
 * every step, in multiplier order. Most analyses read a workload across load levels.
 */
import type { RunResult, Slo, StepResult, WorkloadKind, WorkloadStepResult } from '@headroom/scenarios';

export interface WorkloadAtStep {
  readonly step: StepResult;
  readonly result: WorkloadStepResult;
}

export interface WorkloadSeries {
  readonly name: string;
  readonly kind: WorkloadKind;
  readonly unit: string;
  readonly slo: Slo;
  readonly points: readonly WorkloadAtStep[];
}

/** Used when a workload appears in the results but not in the plan (a hand-edited file). */
const LENIENT_SLO: Slo = {
  p99Ms: Number.POSITIVE_INFINITY,
  errorBudget: 1,
  minAchievedRatio: 0,
  gate: false,
};

export function workloadSeries(run: RunResult): WorkloadSeries[] {
  const steps = [...run.steps].sort((a, b) => a.multiplier - b.multiplier);
  const names: string[] = run.plan.workloads.map((w) => w.name);
  for (const step of steps) for (const w of step.workloads) if (!names.includes(w.name)) names.push(w.name);

  return names.flatMap((name) => {
    const planned = run.plan.workloads.find((w) => w.name === name);
    const points = steps.flatMap((step) => {
      const result = step.workloads.find((w) => w.name === name);
      return result ? [{ step, result }] : [];
    });
    const first = points[0]?.result;
    if (!planned && !first) return [];
    return [
      {
        name,
        kind: planned?.kind ?? first.workload,
        unit: first?.unit ?? planned!.kind,
        slo: planned?.slo ?? LENIENT_SLO,
        points,
      },
    ];
  });
}

/** Failed operations (errors and timeouts) as a fraction of the operations that finished. */
export function errorRate(result: WorkloadStepResult): number {
  const failed = result.counts.errors + result.counts.timeouts;
  const finished = result.counts.completed + failed;
  return finished > 0 ? failed / finished : 0;
}

/**
 * Achieved over the step's target (not over offered: a generator that could not offer the
 * target must not make the ratio look good); 1 when the step had no target.
 */
export function achievedRatio(result: WorkloadStepResult): number {
  return result.targetRate > 0 ? result.achievedRate / result.targetRate : 1;
}
