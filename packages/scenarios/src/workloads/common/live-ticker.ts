/**
 * Live figures of a running step for the person watching: about once a second, what was
 * sent, answered and failed since the last tick, and the p99 of the answers (from when
 * each operation was handed to its connection). Display only: the step's result comes
 * from the driver's ledger, with latency from the scheduled time.
 */
import type { WorkloadTick } from '../workload.js';

/** ms between ticks */
const TICK_MS = 1000;
/** latencies kept per tick for its p99; beyond this, later ones overwrite earlier ones */
const SAMPLES_PER_TICK = 4096;

export class LiveTicker {
  private sentCount = 0;
  private okCount = 0;
  private errorCount = 0;
  private readonly samples = new Float64Array(SAMPLES_PER_TICK);
  private sampleCount = 0;
  private lastTickMs = 0;
  private measureStartMs = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly workload: string,
    private readonly onTick: ((tick: WorkloadTick) => void) | undefined,
  ) {}

  /** Starts ticking; the measured window is expected `warmupSeconds` from now. */
  start(warmupSeconds: number): void {
    const now = performance.now();
    this.lastTickMs = now;
    this.measureStartMs = now + warmupSeconds * 1000;
    if (this.onTick !== undefined) this.timer = setInterval(() => this.emit(), TICK_MS).unref();
  }

  /** The measured window actually began now (connections took time to open). */
  measureStarted(): void {
    this.measureStartMs = performance.now();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  sent(count = 1): void {
    this.sentCount += count;
  }

  /** @param latencyMs send → answer, ms */
  answered(latencyMs: number): void {
    this.okCount++;
    this.samples[this.sampleCount++ % SAMPLES_PER_TICK] = latencyMs;
  }

  failed(): void {
    this.errorCount++;
  }

  private emit(): void {
    const now = performance.now();
    const seconds = (now - this.lastTickMs) / 1000;
    if (seconds <= 0) return;
    const n = Math.min(this.sampleCount, SAMPLES_PER_TICK);
    const sorted = this.samples.slice(0, n).sort();
    this.onTick?.({
      workload: this.workload,
      second: Math.floor((now - this.measureStartMs) / 1000),
      offered: this.sentCount / seconds,
      achieved: this.okCount / seconds,
      errors: this.errorCount,
      p99Ms: n === 0 ? 0 : sorted[Math.min(n - 1, Math.floor(n * 0.99))],
    });
    this.lastTickMs = now;
    this.sentCount = this.okCount = this.errorCount = this.sampleCount = 0;
  }
}
