/**
 * Drives one step: every workload given, at once, each at its baseline × the multiplier,
 * with the target's metrics over the window in which they all measured (StepWindows).
 * Slow set-up (`openStep`: hundreds of subscriptions) is done for every workload before
 * any of them starts its clock, so their windows line up.
 */
import { HeadroomError } from '../errors.js';
import type { StepResult, WorkloadStepResult } from '../result/types.js';
import { emptyStepResult } from '../workloads/common/empty-step-result.js';
import type { StepSpec, Workload, WorkloadTick } from '../workloads/workload.js';
import { StepWindows } from './step-windows.js';

export interface StepInput {
  readonly index: number;
  readonly phase: 'mixed' | 'isolated';
  readonly multiplier: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly workloads: readonly Workload[];
  /** per second: what workload `name` must reach at 1x (its plan baseline) */
  readonly baselineOf: (name: string) => number;
  /** the target's metrics URL; null when it serves none */
  readonly metricsUrl: string | null;
  readonly signal: AbortSignal;
  readonly onTick: (tick: WorkloadTick) => void;
}

export interface DrivenStep {
  readonly step: StepResult;
  /** why `step.target` is null, or what a reader should know about its window; null when nothing to say */
  readonly metricsNote: string | null;
  /** workloads whose runStep threw (a bug or a dead target), with the error */
  readonly failures: readonly { readonly workload: string; readonly error: unknown }[];
}

export async function driveStep(input: StepInput): Promise<DrivenStep> {
  const { workloads } = input;
  const windows = new StepWindows(input.metricsUrl);
  const startedAt = new Date();
  const failures: { workload: string; error: unknown }[] = [];
  const specs = workloads.map((w, i): StepSpec => ({
    index: input.index,
    multiplier: input.multiplier,
    warmupSeconds: input.warmupSeconds,
    durationSeconds: input.durationSeconds,
    phase: input.phase,
    companions: workloads.filter((o) => o !== w).map((o) => o.kind),
    onTick: input.onTick,
    onMeasureStart: () => windows.started(i),
    onMeasureEnd: () => windows.ended(i),
  }));
  await Promise.all(
    workloads.map((w, i) =>
      w.openStep === undefined ? Promise.resolve() : w.openStep(specs[i]).catch(() => undefined),
    ),
  );
  const results = await Promise.all(
    workloads.map((w, i) =>
      w
        .runStep(specs[i])
        .catch((error: unknown): WorkloadStepResult => {
          failures.push({ workload: w.name, error });
          const code = error instanceof HeadroomError ? error.code : 'WORKLOAD_FAILED';
          const message = error instanceof Error ? error.message : String(error);
          const targetRate = input.baselineOf(w.name) * input.multiplier;
          return emptyStepResult(w.kind, w.name, unitOf(w), targetRate, [`The workload failed: ${message}`], {
            [code]: 1,
          });
        })
        .finally(() => windows.ended(i)),
    ),
  );
  const window = await windows.choose(
    input.durationSeconds,
    workloads.map((w) => w.name),
  );
  const status =
    failures.length === workloads.length ? 'failed' : input.signal.aborted ? 'interrupted' : 'completed';
  return {
    step: {
      index: input.index,
      phase: input.phase,
      multiplier: input.multiplier,
      startedAt: window.startMs === undefined ? startedAt.toISOString() : isoAt(window.startMs),
      durationSeconds: window.seconds,
      warmupSeconds: input.warmupSeconds,
      status,
      workloads: results,
      target: window.deltas,
    },
    metricsNote: window.note,
    failures,
  };
}

function isoAt(performanceMs: number): string {
  return new Date(performance.timeOrigin + performanceMs).toISOString();
}

const UNITS: Readonly<Record<string, string>> = {
  orders: 'orders',
  'market-data': 'updates',
  registrations: 'registrations',
  logins: 'logins',
  sessions: 'connections',
  http: 'requests',
};

function unitOf(w: Workload): string {
  return UNITS[w.kind] ?? 'operations';
}
