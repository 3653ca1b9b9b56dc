/**
 * A workload's step result when nothing could be driven (a rate of zero, a target
 * without the feature): every count zero, and a note that says why.
 */
import type { WorkloadKind } from '../../plan/types.js';
import type { GeneratorHealth, WorkloadStepResult } from '../../result/types.js';
import { emptyLatencyResult } from '../../result/empty-latency-summary.js';

export const IDLE_GENERATOR: GeneratorHealth = Object.freeze({
  eventLoopUtilization: 0,
  eventLoopLagP99Ms: 0,
  eventLoopLagMaxMs: 0,
  cpuCores: 0,
  lateSendP99Ms: 0,
  lateSendMaxMs: 0,
  processes: 1,
  bound: false,
  reasons: [],
});

export function emptyStepResult(
  kind: WorkloadKind,
  name: string,
  unit: string,
  targetRate: number,
  notes: readonly string[],
  errorsByCode: Readonly<Record<string, number>> = {},
): WorkloadStepResult {
  const errors = Object.values(errorsByCode).reduce((sum, n) => sum + n, 0);
  return {
    workload: kind,
    name,
    unit,
    targetRate,
    offeredRate: 0,
    achievedRate: 0,
    counts: { scheduled: 0, sent: 0, completed: 0, errors, timeouts: errorsByCode['TIMEOUT'] ?? 0 },
    errorsByCode,
    latency: emptyLatencyResult(),
    measures: {},
    notes,
    generator: IDLE_GENERATOR,
    timeline: [],
  };
}
