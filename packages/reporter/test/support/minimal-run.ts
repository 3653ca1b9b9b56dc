/**
 * Small hand-sized RunResult parts for table-driven analysis tests: exact latency figures,
 * no histograms (an empty encoded histogram means "nothing recorded").
 */
import type {
  RunResult,
  Slo,
  StepResult,
  TargetDeltas,
  WorkloadKind,
  WorkloadStepResult,
} from '@headroom/scenarios';

import { referencePlan } from './reference-plan.js';

export interface MiniWorkload {
  readonly name?: string;
  readonly kind?: WorkloadKind;
  readonly target: number;
  readonly offered?: number;
  readonly achieved: number;
  /** ms */
  readonly p99: number;
  readonly errors?: number;
  readonly completed?: number;
  readonly bound?: boolean;
  readonly measures?: Readonly<Record<string, number>>;
}

export function miniWorkload(w: MiniWorkload): WorkloadStepResult {
  const completed = w.completed ?? Math.round(w.achieved * 60);
  const summary = {
    count: completed,
    min: w.p99 / 10,
    mean: w.p99 / 3,
    stddev: w.p99 / 4,
    p50: w.p99 / 4,
    p90: w.p99 / 2,
    p99: w.p99,
    p999: w.p99 * 1.5,
    max: w.p99 * 2,
  };
  return {
    workload: w.kind ?? 'orders',
    name: w.name ?? w.kind ?? 'orders',
    unit: 'orders',
    targetRate: w.target,
    offeredRate: w.offered ?? w.target,
    achievedRate: w.achieved,
    counts: { scheduled: completed, sent: completed, completed, errors: w.errors ?? 0, timeouts: 0 },
    errorsByCode: w.errors ? { REJECTED: w.errors } : {},
    latency: { corrected: summary, raw: summary, correctedHistogram: '', rawHistogram: '' },
    measures: w.measures ?? {},
    notes: [],
    generator: {
      eventLoopUtilization: w.bound ? 0.99 : 0.3,
      eventLoopLagP99Ms: 1,
      eventLoopLagMaxMs: 2,
      cpuCores: 0.3,
      lateSendP99Ms: 0.5,
      lateSendMaxMs: 1,
      processes: 1,
      bound: w.bound ?? false,
      reasons: w.bound ? ['generator event loop 99% busy'] : [],
    },
    timeline: [],
  };
}

export function miniStep(
  multiplier: number,
  workloads: readonly WorkloadStepResult[],
  target: TargetDeltas | null = null,
  status: StepResult['status'] = 'completed',
): StepResult {
  return {
    index: 0,
    phase: 'mixed',
    multiplier,
    startedAt: '2026-03-14T09:30:00.000Z',
    durationSeconds: 60,
    warmupSeconds: 10,
    status,
    workloads,
    target,
  };
}

/** Deltas where each resource has the given service demand (s per completion) on `servers` servers. */
export function deltasWithDemands(
  demands: readonly { resource: string; demand: number; servers?: number }[],
  completions: number,
  wallSeconds: number,
): TargetDeltas {
  return {
    wallSeconds,
    resources: demands.map((d) => ({
      resource: d.resource,
      servers: d.servers ?? 1,
      busySeconds: d.demand * completions,
    })),
    work: { orders: completions },
    processCpuSeconds: null,
    gauges: {},
  };
}

export const ORDERS_SLO: Slo = { p99Ms: 25, errorBudget: 0.001, minAchievedRatio: 0.95, gate: true };

/** A run of the reference plan with only orders, made of the given steps. */
export function miniRun(steps: readonly StepResult[], overrides: Partial<RunResult> = {}): RunResult {
  const plan = referencePlan();
  return {
    schemaVersion: 1,
    tool: { name: 'headroom', version: '0.1.0' },
    runId: 'mini',
    startedAt: '2026-03-14T09:30:00.000Z',
    finishedAt: '2026-03-14T09:40:00.000Z',
    status: 'complete',
    statusReason: null,
    environment: {
      node: 'v20.20.0',
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      cpuModel: 'test',
      totalMemoryBytes: 1e9,
      hostname: 'test',
      openFileLimit: 20_000,
    },
    target: { kind: 'bundled', url: 'http://127.0.0.1:1', config: {}, failure: null },
    plan: {
      ...plan,
      workloads: plan.workloads.filter((w) => w.kind === 'orders'),
      steps: steps.map((s) => s.multiplier),
    },
    steps,
    sweep: null,
    thresholds: [],
    warnings: [],
    ...overrides,
  };
}
