/**
 * What the subscribers of a market-data step measured → the workload's step result:
 * delivered updates/s (offered = achieved: the generator schedules nothing here), the
 * delivery-latency histograms, failures by code, and the feed-specific measures.
 */
import { LatenessTracker } from '../../measure/lateness-tracker.js';
import { assessGeneratorHealth } from '../../monitor/generator-health.js';
import type { GeneratorSample } from '../../monitor/generator-monitor.js';
import type { WorkloadStepResult } from '../../result/types.js';
import { emptyStepResult } from '../common/empty-step-result.js';
import type { MdWindow } from './md-window.js';

export interface MdStepParts {
  readonly name: string;
  readonly window: MdWindow;
  /** the generator over the measured window; undefined when no window began */
  readonly sample: GeneratorSample | undefined;
  /** updates/s */
  readonly targetRate: number;
  /** seconds actually measured */
  readonly seconds: number;
  /** seconds the per-second timeline covers */
  readonly timelineSeconds: number;
  readonly subscribers: number;
  /** subscriptions confirmed */
  readonly subscriptions: number;
  readonly interrupted: boolean;
  readonly notes: readonly string[];
}

export function marketDataStepResult(parts: MdStepParts): WorkloadStepResult {
  const { window, seconds } = parts;
  const recorder = window.recorder;
  const rate = seconds > 0 ? window.received / seconds : 0;
  const errorsByCode = Object.fromEntries([...window.errors].sort(([a], [b]) => (a < b ? -1 : 1)));
  const errors = Object.values(errorsByCode).reduce((sum, n) => sum + n, 0);
  const notes = [...parts.notes];
  if (window.gaps > 0)
    notes.push(`${window.gaps} sequence gaps: updates the target published were not delivered.`);
  if (window.clockSkewed > 0) {
    notes.push(
      `${window.clockSkewed} updates carried a ts later than their receipt (clock disagreement); recorded as 0 ms.`,
    );
  }
  if (parts.interrupted) notes.push(`Interrupted after ${seconds.toFixed(1)} s of measurement.`);
  const base = emptyStepResult('market-data', parts.name, 'updates', parts.targetRate, notes, errorsByCode);
  return {
    ...base,
    offeredRate: rate,
    achievedRate: rate,
    counts: {
      scheduled: window.received,
      sent: window.received,
      completed: window.received,
      errors,
      timeouts: errorsByCode['TIMEOUT'] ?? 0,
    },
    latency: recorder === undefined ? base.latency : recorder.result(),
    timeline: recorder === undefined ? [] : recorder.timeline(parts.timelineSeconds),
    generator:
      parts.sample === undefined
        ? base.generator
        : assessGeneratorHealth({
            sample: parts.sample,
            // Nothing is sent on a schedule, so nothing can be late: only the loop's own load counts.
            lateness: new LatenessTracker().summary(),
            offeredRate: rate,
            achievedRate: rate,
          }),
    measures: {
      updatesPerSecond: rate,
      gaps: window.gaps,
      outOfOrder: window.outOfOrder,
      unexpectedEvents: window.unexpected,
      conflations: window.conflations,
      conflatedMessages: window.conflatedMessages,
      disconnects: window.disconnects,
      subscribers: parts.subscribers,
      subscriptions: parts.subscriptions,
      clockSkewSamples: window.clockSkewed,
    },
  };
}
