import { describe, expect, it } from 'vitest';

import {
  miniRun,
  miniStep,
  miniWorkload,
  ORDERS_SLO,
  type MiniWorkload,
} from '../../test/support/minimal-run.js';
import { analyzeSaturation, findKnee, findPlateau, type StepCheck } from './saturation.js';
import { workloadSeries } from './workload-series.js';

type Level = { m: number } & Omit<MiniWorkload, 'target'>;

function saturationOf(levels: readonly Level[]) {
  const run = miniRun(levels.map((l) => miniStep(l.m, [miniWorkload({ target: 2000 * l.m, ...l })])));
  return analyzeSaturation(workloadSeries(run)[0]);
}

describe('analyzeSaturation', () => {
  it.each([
    {
      name: 'holds throughout',
      levels: [
        { m: 1, achieved: 2000, p99: 4 },
        { m: 2, achieved: 4000, p99: 6 },
        { m: 5, achieved: 9990, p99: 12 },
      ],
      sustained: 5,
      crossing: null,
      violations: [],
    },
    {
      name: 'p99 crosses the SLO at 5x',
      levels: [
        { m: 1, achieved: 2000, p99: 4 },
        { m: 2, achieved: 4000, p99: 9 },
        { m: 5, achieved: 9950, p99: 31 },
        { m: 10, achieved: 19_900, p99: 80 },
      ],
      sustained: 2,
      crossing: 5,
      violations: ['p99 31 ms > SLO 25 ms'],
    },
    {
      name: 'the error budget is spent at 2x',
      levels: [
        { m: 1, achieved: 2000, p99: 4 },
        { m: 2, achieved: 4000, p99: 5, errors: 500, completed: 240_000 },
      ],
      sustained: 1,
      crossing: 2,
      violations: ['errors 0.21% > budget 0.1%'],
    },
    {
      name: 'achieved falls short of the target while latency looks fine',
      levels: [
        { m: 1, achieved: 2000, p99: 4 },
        { m: 2, achieved: 3500, p99: 5 },
      ],
      sustained: 1,
      crossing: 2,
      violations: ['achieved 87.5% of target < 95%'],
    },
    {
      name: 'fails at the first step',
      levels: [
        { m: 1, achieved: 2000, p99: 40 },
        { m: 2, achieved: 4000, p99: 50 },
      ],
      sustained: null,
      crossing: 1,
      violations: ['p99 40 ms > SLO 25 ms'],
    },
  ])('$name', ({ levels, sustained, crossing, violations }) => {
    const s = saturationOf(levels);
    expect(s.sustainedMultiplier).toBe(sustained);
    expect(s.crossing?.multiplier ?? null).toBe(crossing);
    expect(s.crossing?.violations ?? []).toEqual(violations);
    expect(s.slo).toEqual(ORDERS_SLO);
  });

  it('never counts a generator-bound step against the system', () => {
    const s = saturationOf([
      { m: 1, achieved: 2000, p99: 4 },
      { m: 2, achieved: 4000, p99: 8 },
      { m: 5, achieved: 6000, offered: 6100, p99: 300, bound: true },
    ]);
    expect(s.sustainedMultiplier).toBe(2);
    expect(s.crossing).toBeNull();
    expect(s.generatorBound).toEqual([5]);
    expect(s.steps.map((c) => c.verdict)).toEqual(['holds', 'holds', 'generator-bound']);
    expect(s.plateau).toBeNull();
  });

  it('names a step that holds above a failing one as an anomaly', () => {
    const s = saturationOf([
      { m: 1, achieved: 2000, p99: 4 },
      { m: 2, achieved: 4000, p99: 40 },
      { m: 5, achieved: 10_000, p99: 20 },
    ]);
    expect(s.sustainedMultiplier).toBe(1);
    expect(s.anomalies).toEqual([5]);
  });
});

describe('steps with too few operations', () => {
  // 0.05/s over the 60 s steps of miniStep: 3 operations expected at 1x, 6 at 2x.
  const sparse = (levels: readonly Level[]) => {
    const run = miniRun(levels.map((l) => miniStep(l.m, [miniWorkload({ target: 0.05 * l.m, ...l })])));
    return analyzeSaturation(workloadSeries(run)[0]);
  };

  it('leaves a step expecting fewer than 5 operations unjudged, whatever its ratio or p99', () => {
    const s = sparse([
      { m: 1, achieved: 0.0333, p99: 90 },
      { m: 2, achieved: 0.1, p99: 4 },
    ]);
    expect(s.steps.map((c) => c.verdict)).toEqual(['too-few', 'holds']);
    expect(s.steps[0].expectedOperations).toBeCloseTo(3, 6);
    expect(s.tooFew).toEqual([1]);
    expect(s.crossing).toBeNull();
    expect(s.sustainedMultiplier).toBe(2);
  });

  it('still fails a sparse step on errors: one rejected registration is evidence', () => {
    const s = sparse([{ m: 1, achieved: 0.05, p99: 4, errors: 1 }]);
    expect(s.steps[0].verdict).toBe('fails');
    expect(s.steps[0].violations).toEqual([expect.stringMatching(/^errors .* > budget/)]);
  });

  it('has no sustained level and no crossing when no step could be judged', () => {
    const s = sparse([{ m: 1, achieved: 0.02, p99: 4 }]);
    expect([s.sustainedMultiplier, s.crossing, s.tooFew]).toEqual([null, null, [1]]);
  });
});

function check(m: number, offered: number, achieved: number): StepCheck {
  const latency = { count: 1, min: 1, mean: 1, stddev: 0, p50: 1, p90: 1, p99: 1, p999: 1, max: 1 };
  return {
    multiplier: m,
    verdict: 'holds',
    p99Ms: 1,
    latency,
    errorRate: 0,
    achievedRatio: achieved / offered,
    offeredRate: offered,
    achievedRate: achieved,
    violations: [],
    generatorReasons: [],
    partial: false,
    expectedOperations: offered * 60,
  };
}

describe('findKnee', () => {
  it.each([
    {
      name: 'a knee at 4,000/s',
      points: [
        [1, 2000, 2000],
        [2, 4000, 3990],
        [5, 10_000, 5200],
        [10, 20_000, 5100],
      ],
      knee: 2,
    },
    {
      name: 'a knee at 6,000/s on a finer curve',
      points: [
        [1, 1000, 1000],
        [2, 2000, 2000],
        [4, 4000, 3980],
        [6, 6000, 5900],
        [8, 8000, 6300],
        [10, 10_000, 6400],
      ],
      knee: 6,
    },
    {
      name: 'no knee on a straight line',
      points: [
        [1, 1000, 1000],
        [2, 2000, 2000],
        [5, 5000, 4990],
        [10, 10_000, 9985],
      ],
      knee: null,
    },
    {
      name: 'no knee with only two points',
      points: [
        [1, 1000, 1000],
        [2, 2000, 1200],
      ],
      knee: null,
    },
  ])('$name', ({ points, knee }) => {
    expect(findKnee(points.map(([m, o, a]) => check(m, o, a)))?.multiplier ?? null).toBe(knee);
  });
});

describe('findPlateau', () => {
  it.each([
    {
      name: 'throughput stops growing from 2x to 5x',
      points: [
        [1, 2000, 2000],
        [2, 4000, 3990],
        [5, 10_000, 5200],
      ],
      from: 2,
      to: 5,
    },
    {
      name: 'throughput falls',
      points: [
        [1, 2000, 2000],
        [2, 4000, 3000],
        [5, 10_000, 2500],
      ],
      from: 2,
      to: 5,
    },
    {
      name: 'keeps growing',
      points: [
        [1, 2000, 2000],
        [2, 4000, 3990],
        [5, 10_000, 9900],
      ],
      from: null,
      to: null,
    },
  ])('$name', ({ points, from, to }) => {
    const plateau = findPlateau(points.map(([m, o, a]) => check(m, o, a)));
    expect(plateau?.fromMultiplier ?? null).toBe(from);
    expect(plateau?.toMultiplier ?? null).toBe(to);
  });
});
