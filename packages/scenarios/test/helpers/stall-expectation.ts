/**
 * The analytic latency distribution of a constant-rate open-model run against a server
 * that freezes for S ms out of every P ms.
 *
 * An operation scheduled during a freeze is answered when the freeze ends, so its
 * latency is the rest of the freeze; one scheduled outside a freeze is answered at once
 * (≈ 0 against S). With stall fraction f = S / P, the slowest f of the operations have
 * latencies spread evenly over (0, S], and the corrected quantile q is
 *
 *   q ≤ 1 − f:  ≈ 0
 *   q > 1 − f:  S · (q − (1 − f)) / f
 *
 * f and S are taken from the stalls the server reported inside the measured window (the
 * window need not hold a whole number of periods).
 */
import type { DriverResult } from '../../src/drivers/driver-types.js';
import type { Stall } from './child-servers.js';

export interface StallExpectation {
  /** share of the window the server was frozen */
  readonly stallFraction: number;
  /** ms, mean length of the reported freezes */
  readonly stallMs: number;
  /** ms, the expected corrected latency at quantile q (0..1) */
  quantile(q: number): number;
}

export function stallExpectation(result: DriverResult, stalls: readonly Stall[]): StallExpectation {
  const windowStart = Date.parse(result.startedAt);
  const windowEnd = windowStart + result.durationSeconds * 1000;
  let frozen = 0;
  for (const { start, end } of stalls)
    frozen += Math.max(0, Math.min(end, windowEnd) - Math.max(start, windowStart));
  const stallFraction = frozen / (windowEnd - windowStart);
  const stallMs = stalls.reduce((sum, s) => sum + (s.end - s.start), 0) / Math.max(1, stalls.length);
  return {
    stallFraction,
    stallMs,
    quantile: (q) => (q > 1 - stallFraction ? (stallMs * (q - (1 - stallFraction))) / stallFraction : 0),
  };
}

/**
 * |measured − expected| within `relative` of the expectation or `absoluteMs`, whichever
 * is larger. The absolute part covers what the model leaves out: after each freeze the
 * server works off the backlog (R × S requests, ~10–20 ms on loopback), and timers fire
 * up to a few ms late on a shared machine.
 */
export function withinTolerance(
  measured: number,
  expected: number,
  relative = 0.25,
  absoluteMs = 5,
): boolean {
  return Math.abs(measured - expected) <= Math.max(relative * expected, absoluteMs);
}
