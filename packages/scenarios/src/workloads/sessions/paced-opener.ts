/**
 * Opens a process's connections at its share of the plan's connect rate: connection j is
 * due at start + j / rate. At most `maxPending` handshakes are in progress at once, so a
 * slow accept loop on the target shows up as connect latency (measured from the due time,
 * coordinated-omission free) rather than as SYNs dropped from an overflowing accept
 * backlog and retransmitted a second later.
 *
 * Times are performance.now() milliseconds.
 */
import { createLatencyHistogram, latencyResultOf, toMicros } from '../../measure/latency-histogram.js';
import type { LatencyResult } from '../../result/types.js';
import type { OpenOutcome } from './open-session.js';

export interface PacedOpenerOptions {
  readonly count: number;
  /** ms, when connection 0 is due */
  readonly startMs: number;
  readonly ratePerSecond: number;
  readonly maxPending: number;
  /** Opens connection j; never rejects. */
  readonly open: (connection: number) => Promise<OpenOutcome>;
  /** Called once per connection that opened (and authenticated) or failed. */
  readonly onOutcome: (connection: number, outcome: OpenOutcome) => void;
}

export class PacedOpener {
  /** connections launched so far */
  private launched = 0;
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private resolveDone: (() => void) | undefined;
  private readonly spacingMs: number;
  /** µs, due → authenticated */
  private readonly corrected = createLatencyHistogram();
  /** µs, handshake started → authenticated */
  private readonly raw = createLatencyHistogram();

  constructor(private readonly options: PacedOpenerOptions) {
    this.spacingMs = 1000 / options.ratePerSecond;
  }

  /** Resolves when every launched connection has settled and no more will be launched. */
  run(): Promise<void> {
    return new Promise((resolve) => {
      this.resolveDone = resolve;
      this.pump();
    });
  }

  /** Launches no more connections; `run` resolves once those in progress settle. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.checkDone();
  }

  /** connections attempted (launched) */
  get attempted(): number {
    return this.launched;
  }

  /** ms, due → authenticated (corrected) and started → authenticated (raw), successes only */
  latency(): LatencyResult {
    return latencyResultOf(this.corrected, this.raw);
  }

  private dueAt(connection: number): number {
    return this.options.startMs + connection * this.spacingMs;
  }

  private readonly pump = (): void => {
    clearTimeout(this.timer);
    this.timer = undefined;
    const { count, maxPending } = this.options;
    const now = performance.now();
    while (
      !this.stopped &&
      this.launched < count &&
      this.pending < maxPending &&
      this.dueAt(this.launched) <= now
    ) {
      this.launch(this.launched++);
    }
    if (this.stopped || this.launched === count) return this.checkDone();
    // At the cap, the next settle calls pump again.
    if (this.pending < maxPending)
      this.timer = setTimeout(this.pump, Math.max(0, this.dueAt(this.launched) - now));
  };

  private launch(connection: number): void {
    this.pending++;
    const dueAt = this.dueAt(connection);
    const startedAt = performance.now();
    void this.options.open(connection).then((outcome) => {
      this.pending--;
      if (outcome.ok) {
        const now = performance.now();
        this.corrected.recordValue(toMicros(now - dueAt));
        this.raw.recordValue(toMicros(now - startedAt));
      }
      this.options.onOutcome(connection, outcome);
      if (this.stopped || this.launched === this.options.count) this.checkDone();
      else if (this.timer === undefined) this.pump();
    });
  }

  private checkDone(): void {
    if (this.pending === 0 && (this.stopped || this.launched === this.options.count)) {
      const resolve = this.resolveDone;
      this.resolveDone = undefined;
      resolve?.();
    }
  }
}
