/**
 * What the subscribers of one step received: counts always, latencies only inside the
 * measured window. Delivery latency is end-to-end from each event's `ts` (the target's
 * epoch clock when it produced the event) to when the subscriber read it; both processes
 * read the same machine clock, so no offset is applied. Nothing here is scheduled by the
 * generator, so the corrected and raw distributions are the same measurement.
 */
import { LatencyRecorder } from '../../measure/latency-recorder.js';
import type { LiveTicker } from '../common/live-ticker.js';
import type { SequenceVerdict } from './sequence-tracker.js';

export class MdWindow {
  recorder: LatencyRecorder | undefined;
  measuring = false;
  /** updates read inside the measured window */
  received = 0;
  gaps = 0;
  outOfOrder = 0;
  /** events of a channel with no snapshot yet (should not happen) */
  unexpected = 0;
  conflations = 0;
  conflatedMessages = 0;
  disconnects = 0;
  /** events whose `ts` was after their receipt: clocks disagree (the latency is recorded as ~0) */
  clockSkewed = 0;
  readonly errors = new Map<string, number>();

  constructor(private readonly ticker: LiveTicker | undefined) {}

  begin(startMs: number): void {
    this.recorder = new LatencyRecorder(startMs);
    this.measuring = true;
  }

  end(): void {
    this.measuring = false;
  }

  /** An update (book change or trade) read at `receivedAtMs` (performance.now()). */
  update(epochTs: number, receivedAtMs: number, verdict: SequenceVerdict): void {
    const producedAt = epochTs - performance.timeOrigin;
    const latency = receivedAtMs - producedAt;
    this.ticker?.sent();
    this.ticker?.answered(Math.max(0, latency));
    if (!this.measuring) return;
    if (verdict === 'gap') this.gaps++;
    else if (verdict === 'out-of-order') this.outOfOrder++;
    else if (verdict === 'unknown-channel') this.unexpected++;
    if (latency < 0) this.clockSkewed++;
    this.received++;
    const recorder = this.recorder!;
    recorder.scheduled(receivedAtMs);
    const from = Math.min(producedAt, receivedAtMs);
    recorder.record(from, from, receivedAtMs);
  }

  conflated(dropped: number): void {
    if (!this.measuring) return;
    this.conflations++;
    this.conflatedMessages += dropped;
  }

  /** A failure by code (subscription refused, connection closed by the target). */
  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
    this.ticker?.failed();
  }
}
