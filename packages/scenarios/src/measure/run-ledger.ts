/**
 * The accounts of one driver run: every operation is created here, and every send and
 * outcome is booked here. Warm-up operations (scheduled before the measured window) are
 * tracked in flight but not recorded. Nothing scheduled disappears: an operation is sent
 * and then succeeds or fails, or is booked as NOT_SENT when the run ends before a
 * connection could take it, or as abandoned when the run is interrupted.
 */
import { LatenessTracker } from './lateness-tracker.js';
import { LatencyRecorder, TIMEOUT_CODE } from './latency-recorder.js';
import type { Operation } from './operation.js';

/**
 * ms. Arrivals within this of a window edge belong to the later side: `t0 + k × interval`
 * and `t0 + warm-up + duration` are the same instant computed two ways, and may differ
 * in the last bit of a double.
 */
export const WINDOW_EDGE_MS = 1e-6;

/** The error code of a scheduled operation that no connection could take before the run ended. */
export const NOT_SENT_CODE = 'NOT_SENT';

export interface LedgerCounts {
  /** measured operations scheduled (open model) or started (closed model) */
  readonly scheduled: number;
  readonly sent: number;
  readonly completed: number;
  /** failures of every kind, timeouts and NOT_SENT included */
  readonly errors: number;
  readonly timeouts: number;
  readonly notSent: number;
  /** in flight or unsent when the run was interrupted: neither success nor failure */
  readonly abandoned: number;
  /** successes that completed inside the measured window (the achieved rate's numerator) */
  readonly completedInWindow: number;
}

export class RunLedger {
  readonly recorder: LatencyRecorder;
  readonly lateness = new LatenessTracker();
  /** operations sent and not yet settled, warm-up included */
  inFlight = 0;
  /** Called after every outcome: the load loop refills the freed capacity. */
  onSettled: (nowMs: number) => void = () => {};
  private scheduledCount = 0;
  private sentCount = 0;
  private notSentCount = 0;
  private abandonedCount = 0;
  private completedInWindow = 0;
  private measuredInFlight = 0;
  private closed = false;

  /**
   * @param measureStartMs start of the measured window (end of warm-up), ms
   * @param measureEndMs end of the measured window, ms; moved earlier by `interrupt`
   */
  constructor(
    readonly measureStartMs: number,
    public measureEndMs: number,
  ) {
    this.recorder = new LatencyRecorder(measureStartMs);
  }

  createOperation(seq: number, scheduledAt: number): Operation {
    const measured = this.inWindow(scheduledAt);
    if (measured) {
      this.scheduledCount++;
      this.recorder.scheduled(scheduledAt);
    }
    return { seq, scheduledAt, sentAt: 0, measured };
  }

  /** The transport sent `op` (op.sentAt set); `readyAt` is when its connection became free. */
  sent(op: Operation, readyAt: number): void {
    this.inFlight++;
    if (op.measured && !this.closed) {
      this.measuredInFlight++;
      this.sentCount++;
      this.lateness.recordSend(op.scheduledAt, readyAt, op.sentAt);
    }
  }

  succeeded(op: Operation, completedAt: number): void {
    this.inFlight--;
    if (this.closed) return;
    if (op.measured) {
      this.measuredInFlight--;
      this.recorder.record(op.scheduledAt, op.sentAt, completedAt);
      if (completedAt < this.measureEndMs) this.completedInWindow++;
    }
    this.onSettled(completedAt);
  }

  failed(op: Operation, code: string, completedAt: number): void {
    this.inFlight--;
    if (this.closed) return;
    if (op.measured) {
      this.measuredInFlight--;
      this.recorder.recordError(code, completedAt);
    }
    this.onSettled(completedAt);
  }

  /**
   * An arrival that was never sent because the run ended first (drain deadline).
   * @param created true when it was already booked by `createOperation`
   */
  notSent(scheduledAt: number, atMs: number, created: boolean): void {
    if (!this.bookUnsent(scheduledAt, created)) return;
    this.notSentCount++;
    this.recorder.recordError(NOT_SENT_CODE, atMs);
  }

  /** An arrival due before an interrupt and not sent: neither success nor failure. */
  abandoned(scheduledAt: number, created: boolean): void {
    if (this.bookUnsent(scheduledAt, created)) this.abandonedCount++;
  }

  /** Interrupted at `atMs`: the window ends there; what is still in flight is abandoned. */
  interrupt(atMs: number): void {
    if (this.closed) return;
    this.measureEndMs = Math.max(this.measureStartMs, Math.min(this.measureEndMs, atMs));
    this.abandonedCount += this.measuredInFlight;
    this.close();
  }

  /** The drain deadline passed: measured operations still unanswered fail as TIMEOUT. */
  expireInFlight(atMs: number): void {
    if (this.closed) return;
    for (let i = 0; i < this.measuredInFlight; i++) this.recorder.recordError(TIMEOUT_CODE, atMs);
    this.measuredInFlight = 0;
    this.close();
  }

  /** No more bookings: late outcomes (after the drain deadline, after an interrupt) are ignored. */
  close(): void {
    this.closed = true;
  }

  private inWindow(scheduledAt: number): boolean {
    return (
      scheduledAt >= this.measureStartMs - WINDOW_EDGE_MS && scheduledAt < this.measureEndMs - WINDOW_EDGE_MS
    );
  }

  private bookUnsent(scheduledAt: number, created: boolean): boolean {
    if (this.closed || !this.inWindow(scheduledAt)) return false;
    if (!created) {
      this.scheduledCount++;
      this.recorder.scheduled(scheduledAt);
    }
    return true;
  }

  get counts(): LedgerCounts {
    const recorded = this.recorder.counts;
    return {
      scheduled: this.scheduledCount,
      sent: this.sentCount,
      completed: recorded.completed,
      errors: recorded.errors,
      timeouts: recorded.timeouts,
      notSent: this.notSentCount,
      abandoned: this.abandonedCount,
      completedInWindow: this.completedInWindow,
    };
  }
}
