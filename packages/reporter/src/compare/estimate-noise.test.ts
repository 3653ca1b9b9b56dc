import { describe, expect, it } from 'vitest';

import { latencyEstimates } from './estimate-noise.js';
import { drawLatencies, encodeLatencies, rng, simulatedRun } from './simulated-run.test-support.js';

describe('latencyEstimates', () => {
  it('gives percentile standard errors that match the spread over repeated samples', () => {
    // 200 samples of 2,000 latencies: the empirical sd of each percentile versus the
    // order-statistic standard error read from one sample's histogram.
    const r = rng(99);
    const qs = [0.5, 0.9, 0.99];
    const samples = Array.from({ length: 200 }, () => drawLatencies(r, 2000, 2, 8));
    const figures = samples.map((values) => {
      const run = simulatedRun(1, [
        { multiplier: 1, seconds: 1, workloads: [{ targetRate: 1, p50Ms: 1, p99Ms: 2 }] },
      ]);
      const w = run.steps[0].workloads[0];
      // One second only: the timeline term is off, this is the sampling term alone.
      return latencyEstimates(
        { ...w, latency: { ...w.latency, correctedHistogram: encodeLatencies(values) } },
        qs,
      )!;
    });
    qs.forEach((_, i) => {
      const values = figures.map((f) => f[i].value);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
      const se = figures.reduce((a, f) => a + f[i].se, 0) / figures.length;
      expect(se / sd, `q=${qs[i]}`).toBeGreaterThan(0.7);
      expect(se / sd, `q=${qs[i]}`).toBeLessThan(1.4);
    });
  });

  it('returns null when nothing was recorded', () => {
    const run = simulatedRun(2, [
      { multiplier: 1, seconds: 2, workloads: [{ targetRate: 0, p50Ms: 1, p99Ms: 2 }] },
    ]);
    expect(latencyEstimates(run.steps[0].workloads[0], [0.5])).toBeNull();
  });
});
