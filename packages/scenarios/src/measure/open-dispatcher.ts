/**
 * The open-model load loop: sends every arrival of the schedule when it is due, whatever
 * the target is doing, and never drops one.
 *
 * A timer wakes the loop for the next due arrival (setTimeout: ~0.6 ms late at the median
 * on an idle loop — busy-waiting with setImmediate would be punctual but would burn a
 * core the target needs and make the generator look saturated). The loop is also woken
 * by every outcome, so under load sends ride on I/O callbacks and are punctual. When the
 * loop falls behind, it sends everything that is due (catch-up) in slices of at most
 * MAX_SLICE_MS, yielding between slices so responses are still read and timed. When no
 * connection can take an operation, it waits (the wait is measured: the operation keeps
 * its scheduled time) and retries on the next outcome or after BLOCKED_RETRY_MS.
 */
import type { ArrivalSchedule } from './arrival-schedule.js';
import { NO_CONNECTION, type Operation, type Transport } from './operation.js';
import type { RunLedger } from './run-ledger.js';

/** ms: longest uninterrupted run of sends before responses get a turn */
const MAX_SLICE_MS = 5;
/** ms: how soon to look again when every connection was busy (a freed one also wakes the loop) */
const BLOCKED_RETRY_MS = 1;

export class OpenDispatcher {
  private nextAt: number;
  private seq = 0;
  /** An operation that was due but found no free connection; it keeps its scheduled time. */
  private pending: Operation | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** ms the armed timer is due */
  private armedFor = Infinity;
  private yielded = false;
  private pumping = false;
  private stopped = false;
  private finished = false;

  /**
   * @param endMs arrivals at or after this time are not part of the run
   * @param onFinished called once, when every arrival before endMs has been sent
   */
  constructor(
    private readonly schedule: ArrivalSchedule,
    private readonly transport: Transport,
    private readonly ledger: RunLedger,
    private readonly endMs: number,
    private readonly onFinished: () => void,
  ) {
    this.nextAt = schedule.next();
  }

  start(): void {
    this.pump();
  }

  /** An operation settled at `nowMs`: its connection may take the next one. */
  settled(nowMs: number): void {
    this.wake(nowMs);
  }

  /** The run ends: on interrupt, what was due is abandoned; otherwise what is unsent is NOT_SENT. */
  end(nowMs: number, interrupted: boolean): void {
    if (interrupted) this.stop(nowMs);
    else this.abandonUnsent(nowMs);
  }

  /** Capacity was freed at `nowMs`: send what is due. */
  wake(nowMs: number): void {
    if (!this.pumping && !this.yielded && (this.pending !== undefined || this.nextAt <= nowMs)) this.pump();
  }

  /** Stops at once (interrupt): arrivals due by `nowMs` and not sent are abandoned. */
  stop(nowMs: number): void {
    this.stopped = true;
    this.clearTimer();
    if (this.pending !== undefined) this.ledger.abandoned(this.pending.scheduledAt, true);
    this.pending = undefined;
    while (this.nextAt < nowMs && this.nextAt < this.endMs) {
      this.ledger.abandoned(this.nextAt, false);
      this.nextAt = this.schedule.next();
    }
  }

  /** The run is over (drain deadline): every arrival not sent is booked as NOT_SENT. */
  abandonUnsent(nowMs: number): void {
    this.stopped = true;
    this.clearTimer();
    if (this.pending !== undefined) this.ledger.notSent(this.pending.scheduledAt, nowMs, true);
    this.pending = undefined;
    while (this.nextAt < this.endMs) {
      this.ledger.notSent(this.nextAt, nowMs, false);
      this.nextAt = this.schedule.next();
    }
  }

  private readonly pump = (): void => {
    if (this.stopped || this.pumping) return;
    this.pumping = true;
    this.yielded = false;
    let now = performance.now();
    const sliceEnd = now + MAX_SLICE_MS;
    let blocked = false;
    while (this.pending !== undefined || this.nextAt <= now) {
      let op = this.pending;
      if (op === undefined) {
        if (this.nextAt >= this.endMs) break;
        op = this.ledger.createOperation(this.seq++, this.nextAt);
        this.nextAt = this.schedule.next();
      }
      const readyAt = this.transport.trySend(op);
      if (readyAt === NO_CONNECTION) {
        this.pending = op;
        blocked = true;
        break;
      }
      this.pending = undefined;
      this.ledger.sent(op, readyAt);
      now = op.sentAt;
      if (now > sliceEnd && this.nextAt <= now) {
        this.pumping = false;
        this.yielded = true;
        setImmediate(this.pump);
        return;
      }
    }
    this.pumping = false;
    if (this.pending === undefined && this.nextAt >= this.endMs) {
      this.finish();
    } else if (blocked) {
      this.arm(now + BLOCKED_RETRY_MS, BLOCKED_RETRY_MS);
    } else {
      this.arm(this.nextAt, Math.max(1, Math.ceil(this.nextAt - now)));
    }
  };

  private arm(dueMs: number, delayMs: number): void {
    // Keep an armed timer that fires no later than needed: re-arming on every outcome
    // would cost a clearTimeout/setTimeout pair per operation.
    if (this.timer !== undefined && this.armedFor <= dueMs) return;
    this.clearTimer();
    this.armedFor = dueMs;
    this.timer = setTimeout(this.onTimer, delayMs);
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.armedFor = Infinity;
    this.pump();
  };

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.clearTimer();
    this.onFinished();
  }
}
