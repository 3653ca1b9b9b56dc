/**
 * The per-second timeline of a step: what was offered, what completed, what failed, and
 * the corrected latency of the operations that completed in each second.
 *
 * Completions arrive in clock order (one thread reads one monotonic clock), so one
 * interval histogram is enough: when a completion falls into a later second, the current
 * second's p50/p99 are taken and the histogram is handed to `onFlush` (the recorder adds
 * it to the step total — recording each value once instead of twice saves ~85 ns per
 * operation) and reset.
 */
import type { TimelinePoint } from '../result/types.js';
import { createLatencyHistogram, type Histogram } from './latency-histogram.js';

/** ms; see run-ledger.ts (not imported from there: the ledger imports this module) */
const WINDOW_EDGE_MS = 1e-6;

export class TimelineRecorder {
  private readonly offered: number[] = [];
  private readonly achieved: number[] = [];
  private readonly errors: number[] = [];
  private readonly p50: number[] = [];
  private readonly p99: number[] = [];
  /** µs, corrected latencies of the successes completed in `currentSecond` */
  readonly interval: Histogram = createLatencyHistogram();
  private currentSecond = 0;

  /**
   * @param startMs performance.now() at the start of the measured window
   * @param onFlush receives the interval histogram before it is reset
   */
  constructor(
    private readonly startMs: number,
    private readonly onFlush: (interval: Histogram) => void,
  ) {}

  scheduled(scheduledAtMs: number): void {
    increment(this.offered, this.secondOf(scheduledAtMs));
  }

  /** Call before recording the operation's latency into `interval`. */
  completed(completedAtMs: number): void {
    const second = this.advance(completedAtMs);
    increment(this.achieved, second);
  }

  failed(completedAtMs: number): void {
    increment(this.errors, this.advance(completedAtMs));
  }

  /** Closes the current second (for summaries taken mid-run and at the end). */
  flush(): void {
    const total = this.interval.totalCount;
    if (total > 0) {
      this.p50[this.currentSecond] = this.interval.getValueAtPercentile(50) / 1000;
      this.p99[this.currentSecond] = this.interval.getValueAtPercentile(99) / 1000;
      this.onFlush(this.interval);
      this.interval.reset();
    }
  }

  /**
   * Points for the measured window: one per started second. Offered and achieved become
   * per-second rates: the last point covers a partial second and is scaled by its length.
   * Errors stay the whole count of that second (the result's schema counts errors in
   * integers, and 1 error in 0.3 s shown as 3.33 would be an error rate, not errors).
   */
  points(windowSeconds: number): TimelinePoint[] {
    this.flush();
    const points: TimelinePoint[] = [];
    const seconds = Math.ceil(windowSeconds - 1e-9);
    for (let s = 0; s < seconds; s++) {
      const length = Math.min(1, windowSeconds - s);
      points.push({
        second: s,
        offered: (this.offered[s] ?? 0) / length,
        achieved: (this.achieved[s] ?? 0) / length,
        errors: this.errors[s] ?? 0,
        p50Ms: this.p50[s] ?? 0,
        p99Ms: this.p99[s] ?? 0,
      });
    }
    return points;
  }

  /**
   * Adds another timeline of the same window. Per-second percentiles cannot be merged
   * exactly without the per-second histograms; the larger of the two is kept (an upper
   * bound, never an understatement).
   */
  merge(other: TimelineRecorder): void {
    other.flush();
    this.flush();
    addInto(this.offered, other.offered);
    addInto(this.achieved, other.achieved);
    addInto(this.errors, other.errors);
    maxInto(this.p50, other.p50);
    maxInto(this.p99, other.p99);
  }

  private secondOf(ms: number): number {
    // + WINDOW_EDGE_MS: an arrival due exactly on a second boundary belongs to the later second
    const second = Math.floor((ms - this.startMs + WINDOW_EDGE_MS) / 1000);
    return second < 0 ? 0 : second;
  }

  private advance(completedAtMs: number): number {
    const second = this.secondOf(completedAtMs);
    if (second > this.currentSecond) {
      this.flush();
      this.currentSecond = second;
    }
    return this.currentSecond;
  }
}

function increment(counts: number[], index: number): void {
  counts[index] = (counts[index] ?? 0) + 1;
}

function addInto(into: number[], from: readonly number[]): void {
  from.forEach((v, i) => (into[i] = (into[i] ?? 0) + v));
}

function maxInto(into: number[], from: readonly number[]): void {
  from.forEach((v, i) => (into[i] = Math.max(into[i] ?? 0, v)));
}
