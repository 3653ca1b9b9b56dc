/**
 * The measured window of one generator process: which heartbeats count (those scheduled
 * inside it), their latency (LatencyRecorder: corrected from the scheduled beat, raw from
 * the send), how late the beats went out (the generator's own lateness), the process's
 * health, and how many connections were held at the end of each second.
 *
 * Times are performance.now() milliseconds of this process.
 */
import { LatencyRecorder } from '../../measure/latency-recorder.js';
import { LatenessTracker } from '../../measure/lateness-tracker.js';
import { assessGeneratorHealth } from '../../monitor/generator-health.js';
import { GeneratorMonitor, type GeneratorSample } from '../../monitor/generator-monitor.js';
import type { ResultMessage } from './worker-protocol.js';

/** ms: far above floating-point rounding of the times compared, far below any timer */
const BOUND_EPSILON_MS = 1e-6;

export class HeartbeatWindow {
  readonly recorder: LatencyRecorder;
  private readonly lateness = new LatenessTracker();
  private readonly monitor = new GeneratorMonitor();
  private sample: GeneratorSample | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly heldPerSecond: number[] = [];
  private scheduled = 0;
  private answered = 0;
  /** measured beats neither answered nor failed yet */
  pendingMeasured = 0;
  readonly disconnectsInWindow: Record<string, number> = {};

  /**
   * @param heldNow how many connections are held right now (sampled once a second)
   */
  constructor(
    readonly startMs: number,
    public endMs: number,
    private readonly heldNow: () => number,
  ) {
    this.recorder = new LatencyRecorder(startMs);
    const now = performance.now();
    this.timers.push(setTimeout(() => this.monitor.start(), Math.max(0, startMs - now)));
    this.timers.push(setTimeout(() => this.stopMonitor(), Math.max(0, endMs - now)));
    const seconds = Math.ceil((endMs - startMs) / 1000 - 1e-9);
    for (let s = 0; s < seconds; s++) {
      const at = Math.min(endMs, startMs + (s + 1) * 1000);
      this.timers.push(setTimeout(() => (this.heldPerSecond[s] = this.heldNow()), Math.max(0, at - now)));
    }
  }

  /**
   * Is a beat scheduled at this time measured? Both bounds are moved by the same tiny
   * amount: a beat due at the start and its repeat due at the end (one window length
   * later) can round to either side of their bounds, and must not both count or both not.
   */
  covers(scheduledAtMs: number): boolean {
    return scheduledAtMs >= this.startMs - BOUND_EPSILON_MS && scheduledAtMs < this.endMs - BOUND_EPSILON_MS;
  }

  /** Has the window started (by the clock)? Disconnects before it are counted apart. */
  started(nowMs: number): boolean {
    return nowMs >= this.startMs;
  }

  over(nowMs: number): boolean {
    return nowMs >= this.endMs;
  }

  beatSent(scheduledAtMs: number, sentAtMs: number): void {
    this.scheduled++;
    this.pendingMeasured++;
    this.recorder.scheduled(scheduledAtMs);
    // A beat waits for nothing but this process's own loop: due = ready.
    this.lateness.recordSend(scheduledAtMs, scheduledAtMs, sentAtMs);
  }

  beatAnswered(scheduledAtMs: number, sentAtMs: number, answeredAtMs: number): void {
    this.answered++;
    this.pendingMeasured--;
    this.recorder.record(scheduledAtMs, sentAtMs, answeredAtMs);
  }

  beatFailed(code: string, atMs: number): void {
    this.pendingMeasured--;
    this.recorder.recordError(code, atMs);
  }

  /** Ends the window now (abort): later beats are not measured. */
  cutShort(nowMs: number): void {
    if (nowMs < this.endMs) this.endMs = Math.max(this.startMs, nowMs);
    for (const timer of this.timers) clearTimeout(timer);
    this.stopMonitor();
  }

  result(held: number, disconnectsBeforeWindow: Record<string, number>): ResultMessage {
    for (const timer of this.timers) clearTimeout(timer);
    this.stopMonitor();
    const windowSeconds = Math.max(0, (this.endMs - this.startMs) / 1000);
    const counts = this.recorder.counts;
    const sample = this.sample ?? {
      wallSeconds: 0,
      eventLoopUtilization: 0,
      eventLoopLagP99Ms: 0,
      eventLoopLagMaxMs: 0,
      cpuCores: 0,
    };
    const perSecond = (n: number): number => (windowSeconds > 0 ? n / windowSeconds : 0);
    const seconds = Math.ceil(windowSeconds - 1e-9);
    return {
      type: 'result',
      held,
      heartbeats: {
        scheduled: this.scheduled,
        sent: this.scheduled,
        answered: this.answered,
        errors: counts.errors,
        timeouts: counts.timeouts,
        errorsByCode: this.recorder.errorsByCode,
      },
      latency: this.recorder.result(),
      timeline: this.recorder.timeline(windowSeconds),
      // A second not sampled (the window was cut short) holds what is held now.
      heldPerSecond: Array.from({ length: seconds }, (_, s) => this.heldPerSecond[s] ?? held),
      disconnectsInWindow: this.disconnectsInWindow,
      disconnectsBeforeWindow,
      windowSeconds,
      health: assessGeneratorHealth({
        sample,
        lateness: this.lateness.summary(),
        offeredRate: perSecond(this.scheduled),
        achievedRate: perSecond(this.answered),
      }),
    };
  }

  private stopMonitor(): void {
    if (this.monitor.started) this.sample = this.monitor.stop();
  }
}
