/** Turns a finished run's ledger, monitor sample and transport figures into a DriverResult. */
import type { RunLedger } from '../measure/run-ledger.js';
import { assessGeneratorHealth } from '../monitor/generator-health.js';
import type { GeneratorSample } from '../monitor/generator-monitor.js';
import type { DriverResult } from './driver-types.js';
import type { LoadTransport } from './run-load.js';

const NO_SAMPLE: GeneratorSample = {
  wallSeconds: 0,
  eventLoopUtilization: 0,
  eventLoopLagP99Ms: 0,
  eventLoopLagMaxMs: 0,
  cpuCores: 0,
};

export interface FinishedRun {
  readonly model: 'open' | 'closed';
  readonly concurrency: number | null;
  readonly interrupted: boolean;
  readonly ledger: RunLedger;
  readonly warmupSeconds: number;
  /** undefined when the run was interrupted before the window began */
  readonly sample: GeneratorSample | undefined;
  readonly transport: LoadTransport;
  readonly extraNotes: readonly string[];
}

export function buildDriverResult(run: FinishedRun): DriverResult {
  const { ledger, transport } = run;
  // rounded to the microsecond: window arithmetic on ms floats leaves 1e-16 residue
  const durationSeconds = Math.round((ledger.measureEndMs - ledger.measureStartMs) * 1000) / 1e6;
  const counts = ledger.counts;
  const perSecond = (n: number): number => (durationSeconds > 0 ? n / durationSeconds : 0);
  const offeredRate = perSecond(counts.scheduled);
  const achievedRate = perSecond(counts.completedInWindow);
  const sample = run.sample ?? NO_SAMPLE;
  const lateness = ledger.lateness.summary();
  const notes = [...transport.notes(), ...run.extraNotes];
  if (run.interrupted) notes.push(`Interrupted after ${durationSeconds.toFixed(1)} s of measurement.`);
  if (counts.notSent > 0) {
    notes.push(
      `${counts.notSent} scheduled operations were never sent: no connection could take them before the run ended.`,
    );
  }
  return {
    model: run.model,
    status: run.interrupted ? 'interrupted' : 'completed',
    startedAt: new Date(performance.timeOrigin + ledger.measureStartMs).toISOString(),
    durationSeconds,
    warmupSeconds: run.warmupSeconds,
    concurrency: run.concurrency,
    offeredRate,
    achievedRate,
    counts: {
      scheduled: counts.scheduled,
      sent: counts.sent,
      completed: counts.completed,
      errors: counts.errors,
      timeouts: counts.timeouts,
      notSent: counts.notSent,
      abandoned: counts.abandoned,
    },
    errorsByCode: ledger.recorder.errorsByCode,
    connectionErrorsByCode: transport.connectionErrors(),
    latency: ledger.recorder.result(),
    timeline: ledger.recorder.timeline(durationSeconds),
    lateness,
    generatorSample: sample,
    generator: assessGeneratorHealth({
      sample,
      lateness,
      offeredRate: run.model === 'open' ? offeredRate : achievedRate,
      achievedRate,
    }),
    measures: { ...transport.measures(), completedInWindow: counts.completedInWindow },
    notes,
  };
}
