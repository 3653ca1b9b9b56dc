/**
 * The order and names of the steps in the report: mixed steps (every workload at once)
 * first by multiplier, then the isolated runs (one workload alone). A label always names
 * the phase, since an isolated 1x run and the mixed 1x step share a multiplier. The step
 * tables and the timeline charts both read this, so each table finds its own chart.
 */
import type { RunResult, StepResult } from '@headroom/scenarios';

import { formatMultiplier } from '../format.js';

export interface ReportStep {
  readonly step: StepResult;
  /** e.g. '1x mixed', '1x orders alone' */
  readonly label: string;
  /** data-chart id of the step's timeline */
  readonly chartId: string;
}

export interface ReportSteps {
  readonly mixed: readonly ReportStep[];
  readonly isolated: readonly ReportStep[];
}

const workloadsOf = (step: StepResult): string => step.workloads.map((w) => w.name).join(' + ');

export function stepLabel(step: StepResult): string {
  const m = formatMultiplier(step.multiplier);
  if (step.phase !== 'isolated') return `${m} mixed`;
  return `${m} ${workloadsOf(step) || 'isolated run'} alone`;
}

export function reportSteps(run: RunResult): ReportSteps {
  const byLoad = (a: StepResult, b: StepResult): number => a.multiplier - b.multiplier || a.index - b.index;
  const mixed = run.steps.filter((s) => s.phase !== 'isolated').sort(byLoad);
  const isolated = run.steps
    .filter((s) => s.phase === 'isolated')
    .sort((a, b) => workloadsOf(a).localeCompare(workloadsOf(b)) || byLoad(a, b));
  const named = (steps: StepResult[], offset: number): ReportStep[] =>
    steps.map((step, i) => ({ step, label: stepLabel(step), chartId: `timeline-${offset + i}` }));
  return { mixed: named(mixed, 0), isolated: named(isolated, mixed.length) };
}
