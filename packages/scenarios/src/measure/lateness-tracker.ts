/**
 * How late sends went out against their schedule, split by whose fault it was:
 *
 * - generator lateness: from the moment an operation could have gone (it was due and a
 *   connection could take it) to the moment it went. Only the generator's own event loop
 *   causes this — timer slack, a busy loop, CPU starvation. It is what makes a step
 *   generator-bound.
 * - send lateness: from the scheduled time to the send, including waits for a connection
 *   that was busy with a slow response (HTTP/1.1 has one request in flight per
 *   connection) or for a socket whose send buffer was backed up. That wait is part of the
 *   corrected latency; the target caused it, the generator only reports it.
 *
 * For a WebSocket connection, "could take it" means open, under its in-flight limit and
 * under its send-buffer high-water mark. When a backed-up connection drains, sending the
 * backlog as fast as the generator can is the generator's work, and counts as its
 * lateness: large frames on a starved CPU show up here, as they should.
 *
 * Histograms hold microseconds, like the latency histograms.
 */
import { createLatencyHistogram, toMicros } from './latency-histogram.js';

/**
 * ms. A send this much later than it could have gone counts as late. On an idle Node 20
 * loop the dispatch timer fires 0.6 ms late at the median and 1–3.6 ms at p99 (measured on
 * the 2-core dev machine at 100–20,000 operations/s), so 5 ms is clearly more than slack.
 */
export const LATE_SEND_TOLERANCE_MS = 5;

export interface LatenessSummary {
  /** sends of measured operations */
  readonly sent: number;
  /** ms, generator lateness */
  readonly generatorP50Ms: number;
  readonly generatorP99Ms: number;
  readonly generatorMaxMs: number;
  /** ms, scheduled → sent */
  readonly sendP99Ms: number;
  readonly sendMaxMs: number;
  /** sends whose generator lateness exceeded LATE_SEND_TOLERANCE_MS */
  readonly lateSends: number;
  /** sends that had to wait for a connection (busy, or its send buffer backed up) */
  readonly connectionWaits: number;
}

export class LatenessTracker {
  // Sends that did not wait for a connection (the usual case) have one lateness, recorded
  // once; sends that waited have two. Summaries add them up: one histogram record per
  // send instead of two on the hot path.
  /** µs, sends that found a connection free: generator lateness = send lateness */
  private readonly unqueued = createLatencyHistogram();
  /** µs, sends that waited for a connection: the generator's share */
  private readonly waitedGenerator = createLatencyHistogram();
  /** µs, sends that waited for a connection: scheduled → sent */
  private readonly waitedSend = createLatencyHistogram();
  private late = 0;
  private waits = 0;

  /**
   * @param scheduledAtMs when the operation was due
   * @param readyAtMs when a connection could first take it (≤ scheduledAtMs if one was free)
   * @param sentAtMs when it was handed to the socket
   */
  recordSend(scheduledAtMs: number, readyAtMs: number, sentAtMs: number): void {
    if (readyAtMs > scheduledAtMs) {
      this.waits++;
      const generatorLate = sentAtMs - readyAtMs;
      if (generatorLate > LATE_SEND_TOLERANCE_MS) this.late++;
      this.waitedGenerator.recordValue(toMicros(generatorLate));
      this.waitedSend.recordValue(toMicros(sentAtMs - scheduledAtMs));
    } else {
      const late = sentAtMs - scheduledAtMs;
      if (late > LATE_SEND_TOLERANCE_MS) this.late++;
      this.unqueued.recordValue(toMicros(late));
    }
  }

  summary(): LatenessSummary {
    const ms = (us: number): number => us / 1000;
    const generator = createLatencyHistogram();
    generator.add(this.unqueued);
    generator.add(this.waitedGenerator);
    const send = createLatencyHistogram();
    send.add(this.unqueued);
    send.add(this.waitedSend);
    const sent = send.totalCount;
    return {
      sent,
      generatorP50Ms: sent === 0 ? 0 : ms(generator.getValueAtPercentile(50)),
      generatorP99Ms: sent === 0 ? 0 : ms(generator.getValueAtPercentile(99)),
      generatorMaxMs: sent === 0 ? 0 : ms(generator.getValueAtPercentile(100)),
      sendP99Ms: sent === 0 ? 0 : ms(send.getValueAtPercentile(99)),
      sendMaxMs: sent === 0 ? 0 : ms(send.getValueAtPercentile(100)),
      lateSends: this.late,
      connectionWaits: this.waits,
    };
  }
}
