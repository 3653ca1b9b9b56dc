/**
 * Coordinated omission, HTTP driver: a server in another process freezes its event loop
 * for S = 400 ms every P = 2000 ms (f = 0.2) while the driver offers a constant 500
 * requests/s over 4 connections. The corrected percentiles must follow the analytic
 * distribution (see helpers/stall-expectation.ts) within 25% (or 5 ms); the raw ones must
 * show the omission: during a freeze the 4 connections hold 4 requests (0.4% of a
 * period's 1,000) and the other ~196 wait in the generator, so raw p99 stays near the
 * no-stall latency while corrected p99 ≈ 0.95 S.
 *
 * Why these numbers: raw p99 shows the omission only while connections × stalls stay
 * under 1% of the requests; and after each freeze the backlog (R × S) drains through the
 * connections one round trip at a time, a delay the analytic model leaves out. Long
 * freezes with 4 connections keep that drain near 5% of S even on a busy machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverResult } from '../src/drivers/driver-types.js';
import { runOpenHttp } from '../src/drivers/http/run-http.js';
import { startChildServer, type ChildServer } from './helpers/child-servers.js';
import { stallExpectation, withinTolerance } from './helpers/stall-expectation.js';

const STALL_MS = 400;
const PERIOD_MS = 2000;
const RATE = 500;

describe('HTTP driver: coordinated omission', () => {
  let server: ChildServer;
  let result: DriverResult;

  beforeAll(async () => {
    server = await startChildServer('http', {
      stallMs: STALL_MS,
      periodMs: PERIOD_MS,
      firstStallAfterMs: 900,
    });
    result = await runOpenHttp({
      url: server.url,
      ratePerSecond: RATE,
      arrival: 'constant',
      connections: 4,
      warmupSeconds: 0.5,
      durationSeconds: 4,
    });
  });
  afterAll(async () => server?.stop());

  it('sends every scheduled request and answers all of them', () => {
    expect(result.counts).toMatchObject({
      scheduled: 4 * RATE,
      sent: 4 * RATE,
      completed: 4 * RATE,
      errors: 0,
    });
    expect(result.lateness.connectionWaits).toBeGreaterThan(0);
  });

  it('corrected percentiles match the analytic expectation', () => {
    const expected = stallExpectation(result, server.stalls);
    expect(expected.stallFraction).toBeGreaterThan(0.17);
    expect(expected.stallFraction).toBeLessThan(0.23);
    const rows = (
      [
        ['p90', 0.9],
        ['p99', 0.99],
        ['p999', 0.999],
      ] as const
    ).map(([name, q]) => ({
      name,
      expected: expected.quantile(q),
      measured: result.latency.corrected[name],
    }));
    rows.push({ name: 'max' as never, expected: expected.stallMs, measured: result.latency.corrected.max });
    console.info(
      `HTTP CO: f=${expected.stallFraction.toFixed(3)} S=${expected.stallMs.toFixed(1)} ms; ` +
        rows
          .map((r) => `${r.name} expected ${r.expected.toFixed(1)} measured ${r.measured.toFixed(1)}`)
          .join('; ') +
        `; raw p99 ${result.latency.raw.p99.toFixed(1)} max ${result.latency.raw.max.toFixed(1)}`,
    );
    for (const row of rows) {
      expect(
        withinTolerance(row.measured, row.expected),
        `${row.name}: ${row.measured} vs ${row.expected}`,
      ).toBe(true);
    }
    // below the stalled fraction, latency is the no-stall latency
    expect(result.latency.corrected.p50).toBeLessThan(10);
  });

  it('raw percentiles show the omission', () => {
    expect(result.latency.raw.p99).toBeLessThan(0.25 * result.latency.corrected.p99);
    // the requests caught on the connections during a freeze did wait it out
    expect(result.latency.raw.max).toBeGreaterThan(0.75 * STALL_MS);
  });

  it('books the waits for a connection as the target’s, not as generator lateness', () => {
    expect(result.lateness.sendP99Ms).toBeGreaterThan(0.5 * STALL_MS);
    expect(result.lateness.generatorP99Ms).toBeLessThan(0.25 * result.lateness.sendP99Ms);
  });
});
