/**
 * What every driver (HTTP through autocannon, WebSocket through ws; open or closed model)
 * takes and returns. Workloads build on these: they supply a target and an operation,
 * the driver supplies honest timing.
 */
import type { ArrivalProcess } from '../plan/types.js';
import type { GeneratorHealth, LatencyResult, TimelinePoint } from '../result/types.js';
import type { LatenessSummary } from '../measure/lateness-tracker.js';
import type { GeneratorSample } from '../monitor/generator-monitor.js';

/** How long a run lasts and how it ends. */
export interface RunWindowOptions {
  /** seconds measured, > 0 */
  readonly durationSeconds: number;
  /** seconds of load before measuring (connections warm, caches filled). @default 0 */
  readonly warmupSeconds?: number;
  /**
   * ms an operation may wait for its answer (from the time it was sent) before it fails
   * as TIMEOUT. After the window ends, the run waits this long (plus 1 s) for what is in
   * flight; then operations still unanswered count as TIMEOUT and those never sent as
   * NOT_SENT. @default 10000
   */
  readonly timeoutMs?: number;
  /** Stops the load at once; the result holds what was measured, status 'interrupted'. */
  readonly signal?: AbortSignal;
  /** Called when the measured window begins (after warm-up): e.g. take a metrics snapshot. */
  readonly onMeasureStart?: () => void;
  /** Called when the measured window ends, before the drain. */
  readonly onMeasureEnd?: () => void;
}

/** The open model: operations arrive at a rate, whatever the target does. */
export interface OpenLoadOptions extends RunWindowOptions {
  /** operations per second, > 0 */
  readonly ratePerSecond: number;
  /** @default 'poisson' */
  readonly arrival?: ArrivalProcess;
  /** Same seed → same schedule. @default 1 */
  readonly seed?: number | string;
  /** Independent schedule stream for the same seed (one per generator process). @default 0 */
  readonly stream?: number;
}

export interface DriverCounts {
  /** measured operations scheduled (open) or started (closed) */
  readonly scheduled: number;
  readonly sent: number;
  /** succeeded */
  readonly completed: number;
  /** failed, by any code (timeouts and NOT_SENT included) */
  readonly errors: number;
  readonly timeouts: number;
  /** scheduled, never sent: no connection could take them before the run ended */
  readonly notSent: number;
  /** in flight or unsent when the run was interrupted */
  readonly abandoned: number;
}

export interface DriverResult {
  readonly model: 'open' | 'closed';
  readonly status: 'completed' | 'interrupted';
  /** ISO 8601, start of the measured window */
  readonly startedAt: string;
  /** seconds measured (shorter than asked when interrupted) */
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /** closed model: workers with one operation outstanding each; null for the open model */
  readonly concurrency: number | null;
  /** scheduled per second (closed model: started per second) */
  readonly offeredRate: number;
  /** succeeded within the window, per second */
  readonly achievedRate: number;
  readonly counts: DriverCounts;
  /** operation failures by code: 'HTTP_503', 'ECONNRESET', 'TIMEOUT', 'NOT_SENT', reject codes */
  readonly errorsByCode: Readonly<Record<string, number>>;
  /** connection-level failures (not operations) by code: 'ECONNREFUSED', 'WS_CLOSE_1006', … */
  readonly connectionErrorsByCode: Readonly<Record<string, number>>;
  readonly latency: LatencyResult;
  readonly timeline: readonly TimelinePoint[];
  /** how late sends went, the generator's share separated from waits for a connection */
  readonly lateness: LatenessSummary;
  /** the generator process over the window */
  readonly generatorSample: GeneratorSample;
  /** `generator-bound` verdict with reasons */
  readonly generator: GeneratorHealth;
  /** driver-specific figures, e.g. backpressureStalls, unmatchedMessages, lateAnswers */
  readonly measures: Readonly<Record<string, number>>;
  /** things a reader should know that are not numbers */
  readonly notes: readonly string[];
}
