/**
 * Concurrency sweep against a server with a known capacity: one event loop spending 1 ms
 * of busy work per request (in a child process) cannot serve more than ~1,000 requests/s,
 * whatever the concurrency. The sweep must climb to that plateau, measure at least 8
 * points, stop because throughput stopped growing, and each point must hold together:
 * Little's law (X = N / R) and the operational law U = X × D against the server's own
 * busy-time counter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClosedHttp } from '../src/drivers/http/run-http.js';
import type { SweepResult } from '../src/result/types.js';
import { runConcurrencySweep } from '../src/sweep/concurrency-sweep.js';
import { TargetMetricsSampler } from '../src/target-metrics/target-metrics-sampler.js';
import { startChildServer, type ChildServer } from './helpers/child-servers.js';

const SERVICE_MS = 1;

describe('runConcurrencySweep against a target of known capacity', () => {
  let server: ChildServer;
  let sweep: SweepResult;
  /** concurrency levels where the generator kept time (not generator-bound) */
  const punctual = new Set<number>();

  beforeAll(async () => {
    server = await startChildServer('http', { serviceMs: SERVICE_MS });
    sweep = await runConcurrencySweep({
      workload: 'http',
      makeClosedRunner: (concurrency) => (window) =>
        runClosedHttp({ url: server.url, connections: concurrency, ...window }),
      pointSeconds: 0.5,
      warmupSeconds: 0.1,
      maxConcurrency: 64,
      // loose, so a noisy shared machine does not keep the plateau from being recognised
      growthThreshold: 0.1,
      metrics: new TargetMetricsSampler(`${server.url}metrics`),
      onPoint: (point, result) => {
        if (!result.generator.bound) punctual.add(point.concurrency);
      },
    });
  });
  afterAll(async () => server?.stop());

  it('measures at least 8 points on the 1, 2, 3, 4, 6, 8, 12, 16, … ladder and says why it stopped', () => {
    expect(sweep.workload).toBe('http');
    expect(sweep.points.length).toBeGreaterThanOrEqual(8);
    expect(sweep.points.map((p) => p.concurrency)).toEqual(
      [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64].slice(0, sweep.points.length),
    );
    // a plateau, or on a busy shared machine a dip after it: either way the growth is over
    expect(sweep.stoppedBecause).toMatch(
      /^throughput (stopped growing \(3 points within 10% of the best|fell below 80%)/,
    );
  });

  it('finds the plateau the service time dictates', () => {
    const best = Math.max(...sweep.points.map((p) => p.throughput));
    // one server with D ≥ 1 ms: X ≤ 1 / D
    expect(best).toBeLessThan(1000 / SERVICE_MS);
    expect(best).toBeGreaterThan(0.25 * (1000 / SERVICE_MS));
    // and so, by Little's law, R = N / X ≥ N × D: concurrency past the plateau only waits
    for (const point of sweep.points) {
      expect(point.meanResponseMs, `R at N=${point.concurrency}`).toBeGreaterThan(
        0.9 * point.concurrency * SERVICE_MS,
      );
    }
  });

  it("each point obeys Little's law and agrees with the server's own counters", () => {
    for (const point of sweep.points) {
      const at = `at N=${point.concurrency}`;
      // Little's law, X = N / (R + Z): the think time Z is the generator's own delay in
      // turning a response into the next request, ≈ 0 unless the generator was starved,
      // which can only lower X.
      const littles = (point.concurrency / point.meanResponseMs) * 1000;
      expect(point.throughput, `Little ${at}`).toBeLessThan(1.1 * littles);
      if (punctual.has(point.concurrency))
        expect(point.throughput, `Little ${at}`).toBeGreaterThan(0.8 * littles);
      expect(point.errors).toBe(0);
      const target = point.target!;
      const loop = target.resources.find((r) => r.resource === 'event_loop')!;
      expect(loop.servers).toBe(1);
      // the service demand D = B / C is at least the 1 ms of busy work (stretched, never
      // shortened, when the shared machine deschedules the server mid-wait), and the one
      // server was never busy for longer than the wall time: U = B / T ≤ 1
      const demandMs = (loop.busySeconds / target.work.requests) * 1000;
      expect(demandMs, `D ${at}`).toBeGreaterThanOrEqual(SERVICE_MS);
      expect(loop.busySeconds / target.wallSeconds, `U ${at}`).toBeLessThanOrEqual(1.05);
    }
    // The server counted the throughput the driver measured. Per point the two scrapes sit
    // only near the window's edges, so compare over all points together.
    const sum = (pick: (p: (typeof sweep.points)[number]) => number): number =>
      sweep.points.reduce((total, p) => total + pick(p), 0);
    const served = sum((p) => p.target!.work.requests) / sum((p) => p.target!.wallSeconds);
    const measured = sum((p) => p.throughput * p.durationSeconds) / sum((p) => p.durationSeconds);
    expect(Math.abs(served - measured) / measured).toBeLessThan(0.15);
  });
});
