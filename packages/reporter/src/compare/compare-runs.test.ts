import { describe, expect, it } from 'vitest';

import { ComparisonError } from './comparison-error.js';
import { compareRuns } from './compare-runs.js';
import type { MetricName } from './comparison-types.js';
import { simulatedRun, type SimulatedWorkload } from './simulated-run.test-support.js';

const orders = (over: Partial<SimulatedWorkload> = {}): SimulatedWorkload => ({
  targetRate: 500,
  p50Ms: 2,
  p99Ms: 8,
  ...over,
});

/** Two steps of `seconds` each, orders only, at 500/s and 1000/s; `head` and `base` change one run each. */
function pair(
  seed: number,
  head: Partial<SimulatedWorkload> = {},
  base: Partial<SimulatedWorkload> = {},
  seconds = 10,
) {
  const steps = (w: Partial<SimulatedWorkload>) => [
    { multiplier: 1, seconds, workloads: [orders(w)] },
    { multiplier: 2, seconds, workloads: [orders({ targetRate: 1000, ...w })] },
  ];
  return { base: simulatedRun(seed, steps(base)), head: simulatedRun(seed + 1000, steps(head)) };
}

const verdictOf = (c: ReturnType<typeof compareRuns>, multiplier: number, metric: MetricName) =>
  c.rows.find((r) => r.multiplier === multiplier)?.metrics.find((m) => m.metric === metric)?.verdict;

describe('compareRuns', () => {
  it('never flags two runs of the same build (20 seed pairs, every metric)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { base, head } = pair(seed);
      const c = compareRuns(base, head);
      expect(c.verdict, `seed ${seed}`).toBe('no-regression');
      expect(c.counts.regression + c.counts.improvement, `seed ${seed}`).toBe(0);
    }
  });

  it('flags latency that grew by half at every percentile and step', () => {
    const { base, head } = pair(3, { p50Ms: 3, p99Ms: 12 });
    const c = compareRuns(base, head);
    expect(c.verdict).toBe('regression');
    for (const m of [1, 2])
      for (const metric of ['p50', 'p90', 'p99'] as const) expect(verdictOf(c, m, metric)).toBe('regression');
    expect(verdictOf(c, 1, 'throughput')).toBe('unchanged');
  });

  it('does not judge a percentile with fewer than 5 values beyond it, and still judges the rest', () => {
    // 8 operations a second for 10 s: 80 values, so 0.8 lie beyond p99 and 8 beyond p90.
    const few = (w: Partial<SimulatedWorkload>) => [
      { multiplier: 1, seconds: 10, workloads: [orders({ targetRate: 8, ...w })] },
    ];
    const c = compareRuns(simulatedRun(40, few({})), simulatedRun(1040, few({ p50Ms: 4, p99Ms: 16 })));
    expect(verdictOf(c, 1, 'p99')).toBe('inconclusive');
    expect(verdictOf(c, 1, 'p99.9')).toBe('inconclusive');
    expect(verdictOf(c, 1, 'p50')).toBe('regression');
  });

  it('flags throughput that fell by a fifth, and calls the reverse an improvement', () => {
    const worse = pair(4, { achievedRate: 400 }, {});
    expect(verdictOf(compareRuns(worse.base, worse.head), 1, 'throughput')).toBe('regression');
    const better = pair(5, {}, { achievedRate: 400 });
    const c = compareRuns(better.base, better.head);
    expect(verdictOf(c, 1, 'throughput')).toBe('improvement');
    expect(c.verdict).toBe('no-regression');
  });

  it('calls a change inside the allowed regression unchanged, however certain', () => {
    // +4% on a quiet machine with 30,000 values a step: real, but under the 5% gate.
    const { base, head } = pair(6, { p50Ms: 2.08, p99Ms: 8.32, drift: 0 }, { drift: 0 }, 30);
    const c = compareRuns(base, head);
    expect(verdictOf(c, 2, 'p50')).toBe('unchanged');
    expect(c.verdict).toBe('no-regression');
    // The same change gates with a 1% threshold.
    expect(verdictOf(compareRuns(base, head, { maxRegression: 0.01 }), 2, 'p50')).toBe('regression');
  });

  it('sees the same +12% through a quiet machine, and mostly not through a noisy one', () => {
    // Ten pairs each. Quiet: seconds wander by 1%, every pair shows the change. Noisy: each
    // second's latency wanders by ~30%, so ten seconds cannot pin the median to 12%; a pair
    // whose draws happen to differ by 3 standard errors may still be flagged, rarely.
    const flagged = (drift: number): number => {
      let count = 0;
      for (let seed = 30; seed < 40; seed++) {
        const { base, head } = pair(seed, { p50Ms: 2.24, p99Ms: 8.96, drift }, { drift });
        if (verdictOf(compareRuns(base, head), 2, 'p50') === 'regression') count++;
      }
      return count;
    };
    expect(flagged(0.01)).toBe(10);
    expect(flagged(0.3)).toBeLessThanOrEqual(2);
    const noisy = pair(31, { p50Ms: 2.24, p99Ms: 8.96, drift: 0.3 }, { drift: 0.3 });
    const p50 = compareRuns(noisy.base, noisy.head).rows[1].metrics.find((m) => m.metric === 'p50')!;
    // the band is several times the 12% shift (3 × √2 × 30% / √10 ≈ 40% of the median)
    expect(p50.noise / p50.base).toBeGreaterThan(0.25);
  });

  it("does not gate different loads, and judges generator-bound steps with the generator's lateness allowed", () => {
    // The head's generator fell behind by 5 ms at p99 (plus 1 ms of loop lag).
    const late = { generatorBound: true, lateSendP99Ms: 5 };
    const slight = pair(8, { p50Ms: 2.5, p99Ms: 10, ...late }); // +25%, +3 ms at p99.9: inside the 6 ms allowance
    const c = compareRuns(slight.base, slight.head);
    expect(c.verdict).toBe('no-regression');
    expect(c.rows[0].inconclusiveBecause).toBeNull();
    expect(c.rows[0].caveat).toBe(
      'the load generator fell behind in the head run: throughput not judged, latency judged with 6 ms more allowance (its late sends and loop lag at p99)',
    );
    expect(verdictOf(c, 1, 'throughput')).toBe('inconclusive');
    expect(verdictOf(c, 1, 'p50')).toBe('within-noise');
    const slow = pair(8, { p50Ms: 20, p99Ms: 80, ...late }); // +18 ms: beyond it
    expect(verdictOf(compareRuns(slow.base, slow.head), 1, 'p50')).toBe('regression');

    const other = pair(9, { targetRate: 600 });
    const d = compareRuns(other.base, other.head);
    expect(d.rows[0].inconclusiveBecause).toMatch(/^the runs offered different load \(500 vs 600/);
    expect(d.rows[0].metrics.every((m) => m.verdict === 'inconclusive')).toBe(true);
  });

  it('notes steps and workloads only one run measured, and configuration that differs', () => {
    const base = simulatedRun(
      10,
      [
        { multiplier: 1, seconds: 5, workloads: [orders(), orders({ name: 'extra' })] },
        { multiplier: 5, seconds: 5, workloads: [orders()] },
      ],
      { target: { kind: 'bundled', url: 'http://127.0.0.1:1', config: { fsync: 'off' }, failure: null } },
    );
    const head = simulatedRun(11, [{ multiplier: 1, seconds: 5, workloads: [orders()] }], {
      target: { kind: 'bundled', url: 'http://127.0.0.1:1', config: { fsync: 'always' }, failure: null },
      status: 'interrupted',
      statusReason: 'Interrupted (SIGINT)',
    });
    const c = compareRuns(base, head);
    expect(c.rows).toHaveLength(1);
    expect(c.notes).toEqual([
      'The head run is interrupted (Interrupted (SIGINT)).',
      "The target's configuration differs: fsync off → always.",
      'extra at the 1x mixed step was measured only in the base run.',
      'the 5x mixed step was measured only in the base run.',
    ]);
  });

  it('refuses runs with nothing in common, and bad options', () => {
    const a = simulatedRun(12, [{ multiplier: 1, seconds: 3, workloads: [orders()] }]);
    const b = simulatedRun(13, [{ multiplier: 2, seconds: 3, workloads: [orders()] }]);
    expect(() => compareRuns(a, b)).toThrow(ComparisonError);
    expect(() => compareRuns(a, b)).toThrow(/no step and workload in common \(base: 1x mixed \(orders\)/);
    expect(() => compareRuns(a, a, { maxRegression: -0.1 })).toThrow(/maxRegression/);
  });

  it('compares sweep points at equal concurrency, for context', () => {
    const point = (concurrency: number, throughput: number) => ({
      concurrency,
      throughput,
      meanResponseMs: concurrency / throughput,
      p99Ms: 3,
      errors: 0,
      durationSeconds: 1,
      target: null,
    });
    const steps = [{ multiplier: 1, seconds: 3, workloads: [orders()] }];
    const sweep = (t: number) => ({
      workload: 'orders' as const,
      points: [point(1, t), point(2, 2 * t)],
      stoppedBecause: '',
    });
    const c = compareRuns(
      simulatedRun(14, steps, { sweep: sweep(1000) }),
      simulatedRun(15, steps, { sweep: sweep(800) }),
    );
    expect(c.sweep.map((p) => [p.concurrency, p.change])).toEqual([
      [1, expect.closeTo(-0.2, 9)],
      [2, expect.closeTo(-0.2, 9)],
    ]);
  });
});
