/**
 * A driver's result → one workload's part of a StepResult, with the workload's own
 * figures (measures, notes) added. Connection-level failures (refused connections, closes)
 * are not operations, so they go into the notes rather than the error counts.
 */
import type { DriverResult } from '../../drivers/driver-types.js';
import type { WorkloadKind } from '../../plan/types.js';
import type { WorkloadStepResult } from '../../result/types.js';

export interface StepResultParts {
  readonly kind: WorkloadKind;
  readonly name: string;
  readonly unit: string;
  /** per second: baseline × multiplier */
  readonly targetRate: number;
  readonly driver: DriverResult;
  readonly measures?: Readonly<Record<string, number>>;
  readonly notes?: readonly string[];
}

export function stepResultFromDriver(parts: StepResultParts): WorkloadStepResult {
  const { driver } = parts;
  const notes = [...driver.notes, ...(parts.notes ?? [])];
  const connectionErrors = Object.entries(driver.connectionErrorsByCode);
  if (connectionErrors.length > 0) {
    notes.push(
      `Connection failures (not operations): ${connectionErrors.map(([c, n]) => `${c} ×${n}`).join(', ')}.`,
    );
  }
  return {
    workload: parts.kind,
    name: parts.name,
    unit: parts.unit,
    targetRate: parts.targetRate,
    offeredRate: driver.offeredRate,
    achievedRate: driver.achievedRate,
    counts: {
      scheduled: driver.counts.scheduled,
      sent: driver.counts.sent,
      completed: driver.counts.completed,
      errors: driver.counts.errors,
      timeouts: driver.counts.timeouts,
    },
    errorsByCode: driver.errorsByCode,
    latency: driver.latency,
    measures: { ...driver.measures, ...parts.measures },
    notes,
    generator: driver.generator,
    timeline: driver.timeline,
  };
}
