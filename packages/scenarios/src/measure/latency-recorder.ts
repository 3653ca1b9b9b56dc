/**
 * Records every operation of a measured window: its latency twice — corrected (from the
 * time it was scheduled) and raw (from the time it was sent) — the per-second timeline,
 * and failures by code.
 *
 * Times are performance.now() milliseconds (monotonic, sub-microsecond resolution);
 * histograms hold microseconds. Only successes enter the latency histograms: a fast
 * error ('503 overloaded' in 50 µs) must not make the latency look better. Failures are
 * counted by code and in the timeline.
 */
import type { LatencyResult, LatencySummary, TimelinePoint } from '../result/types.js';
import {
  createLatencyHistogram,
  latencyResultOf,
  summarizeHistogram,
  toMicros,
} from './latency-histogram.js';
import { TimelineRecorder } from './timeline-recorder.js';

/** The error code of an operation that got no answer within its timeout. */
export const TIMEOUT_CODE = 'TIMEOUT';

export interface RecorderCounts {
  /** operations that succeeded */
  readonly completed: number;
  /** operations that failed, timeouts included */
  readonly errors: number;
  readonly timeouts: number;
}

export class LatencyRecorder {
  /** µs; the current second lives in the timeline's interval histogram until flushed */
  private readonly corrected = createLatencyHistogram();
  private readonly raw = createLatencyHistogram();
  private readonly timelineRecorder: TimelineRecorder;
  private readonly errorCounts = new Map<string, number>();
  private completedCount = 0;
  private errorCount = 0;
  private timeoutCount = 0;

  /** @param startMs performance.now() at the start of the measured window */
  constructor(readonly startMs: number) {
    this.timelineRecorder = new TimelineRecorder(startMs, (interval) => this.corrected.add(interval));
  }

  /** An operation of the window was scheduled (the timeline's "offered"). */
  scheduled(scheduledAtMs: number): void {
    this.timelineRecorder.scheduled(scheduledAtMs);
  }

  /** A successful operation; all three are performance.now() ms. */
  record(scheduledAtMs: number, sentAtMs: number, completedAtMs: number): void {
    this.completedCount++;
    this.timelineRecorder.completed(completedAtMs);
    this.timelineRecorder.interval.recordValue(toMicros(completedAtMs - scheduledAtMs));
    this.raw.recordValue(toMicros(completedAtMs - sentAtMs));
  }

  /** A failed operation, by code ('HTTP_503', 'ECONNRESET', TIMEOUT_CODE, a reject code). */
  recordError(code: string, completedAtMs: number): void {
    this.errorCount++;
    if (code === TIMEOUT_CODE) this.timeoutCount++;
    this.errorCounts.set(code, (this.errorCounts.get(code) ?? 0) + 1);
    this.timelineRecorder.failed(completedAtMs);
  }

  get counts(): RecorderCounts {
    return { completed: this.completedCount, errors: this.errorCount, timeouts: this.timeoutCount };
  }

  get errorsByCode(): Record<string, number> {
    return Object.fromEntries([...this.errorCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  summary(): { corrected: LatencySummary; raw: LatencySummary } {
    this.timelineRecorder.flush();
    return { corrected: summarizeHistogram(this.corrected), raw: summarizeHistogram(this.raw) };
  }

  /** Summaries and both histograms encoded (`encodeIntoCompressedBase64`, '' when empty). */
  result(): LatencyResult {
    this.timelineRecorder.flush();
    return latencyResultOf(this.corrected, this.raw);
  }

  encode(): { corrected: string; raw: string } {
    const { correctedHistogram, rawHistogram } = this.result();
    return { corrected: correctedHistogram, raw: rawHistogram };
  }

  /** Per-second points of the window (see TimelineRecorder.points). */
  timeline(windowSeconds: number): TimelinePoint[] {
    return this.timelineRecorder.points(windowSeconds);
  }

  /**
   * Adds another recorder of the same window (another connection group, another worker
   * thread's decoded results): histograms and counts exactly, the timeline as documented
   * in TimelineRecorder.merge.
   */
  merge(other: LatencyRecorder): void {
    other.timelineRecorder.flush();
    this.timelineRecorder.merge(other.timelineRecorder);
    this.corrected.add(other.corrected);
    this.raw.add(other.raw);
    this.completedCount += other.completedCount;
    this.errorCount += other.errorCount;
    this.timeoutCount += other.timeoutCount;
    for (const [code, n] of other.errorCounts)
      this.errorCounts.set(code, (this.errorCounts.get(code) ?? 0) + n);
  }
}
