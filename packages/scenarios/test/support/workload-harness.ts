/**
 * Drives one workload of a plan through one step against a running target, taking the
 * target's metrics at the workload's own window start and end — so a test can compare
 * what the workload counted with what the target counted over the same window.
 */
import { resolvePlan } from '../../src/plan/resolve-plan.js';
import type { ResolvedPlan } from '../../src/plan/types.js';
import type { WorkloadStepResult } from '../../src/result/types.js';
import { scrapeMetrics } from '../../src/target-metrics/scrape-metrics.js';
import { TargetMetricsSampler, type TargetSample } from '../../src/target-metrics/target-metrics-sampler.js';
import { createWorkload } from '../../src/workloads/registry.js';
import type { StepSpec, TargetEndpoint, Workload, WorkloadTick } from '../../src/workloads/workload.js';

export function planFor(
  workloads: readonly Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): ResolvedPlan {
  return resolvePlan({
    capacity: { instruments: 200 },
    workloads,
    steps: [1],
    duration: '3s',
    warmup: '1s',
    sweep: { enabled: false },
    isolated: { enabled: false },
    ...extra,
  });
}

export function workloadOf(
  plan: ResolvedPlan,
  target: TargetEndpoint,
  signal: AbortSignal = new AbortController().signal,
): Workload {
  return createWorkload({
    plan,
    runId: `t${Date.now().toString(36)}`,
    workload: plan.workloads[0],
    target,
    signal,
    log: () => undefined,
  });
}

export interface MeasuredStep {
  readonly result: WorkloadStepResult;
  /** null (with the reason) when the target serves no metrics */
  readonly metrics: TargetSample;
  readonly ticks: readonly WorkloadTick[];
}

export async function measureStep(
  workload: Workload,
  target: TargetEndpoint,
  step: Partial<StepSpec> & { readonly multiplier: number; readonly durationSeconds: number },
): Promise<MeasuredStep> {
  const sampler = new TargetMetricsSampler(`${target.baseUrl}/metrics`);
  let begun: Promise<void> = Promise.resolve();
  let ended: Promise<TargetSample> | undefined;
  const ticks: WorkloadTick[] = [];
  const result = await workload.runStep({
    index: 0,
    warmupSeconds: 0.5,
    phase: 'isolated',
    companions: [],
    onTick: (tick) => ticks.push(tick),
    ...step,
    onMeasureStart: () => {
      begun = sampler.begin();
    },
    onMeasureEnd: () => {
      ended = begun.then(() => sampler.end());
    },
  });
  const metrics = ended === undefined ? { deltas: null, reason: 'the window never ended' } : await ended;
  return { result, metrics, ticks };
}

/** Whether the target serves Prometheus metrics (the reference system does once its metrics module is wired). */
export async function hasMetrics(target: TargetEndpoint): Promise<boolean> {
  return (await scrapeMetrics(`${target.baseUrl}/metrics`)).ok;
}

/** |a − b| within `fraction` of the larger, or within `absolute`. */
export function near(a: number, b: number, fraction: number, absolute = 0): boolean {
  return Math.abs(a - b) <= Math.max(absolute, fraction * Math.max(Math.abs(a), Math.abs(b)));
}
