import { describe, expect, it } from 'vitest';

import { resolvePlan } from '../plan/resolve-plan.js';
import type { ResolvedPlan } from '../plan/types.js';
import { sampleStep, sampleWorkloadStep, type SampleWorkloadOptions } from '../result/sample-run-result.js';
import { evaluateThresholds, MIN_EXPECTED_OPERATIONS } from './evaluate-thresholds.js';

/** A plan with one orders workload, no SLO gates, and the given thresholds on it. */
function planWith(
  thresholds: Record<string, (string | { threshold: string; steps: number[] })[]>,
): ResolvedPlan {
  return resolvePlan({
    steps: [1, 2],
    workloads: [
      { kind: 'orders', slo: { gate: false } },
      { kind: 'orders', name: 'orders-b', slo: { gate: false } },
    ],
    thresholds,
  });
}

// 1,000 latencies: 1.0, 1.1, … 10.9 ms, ten of each, so p99 = 10.8 ms and p95 = 10.4 ms
// (HDR histograms keep 3 significant digits: 10.807 ms, shown as 10.8).
const steady: SampleWorkloadOptions = {};

describe('evaluateThresholds', () => {
  const table: [string, SampleWorkloadOptions, boolean, number, RegExp][] = [
    ['p(99) < 25ms', steady, true, 10.8, /^p\(99\) was 10\.8 ms, limit 25 ms$/],
    ['p(99) < 5ms', steady, false, 10.8, /^p\(99\) was 10\.8 ms, limit 5 ms$/],
    ['p(50) <= 6ms', steady, true, 5.9, /p\(50\) was 5\.9 ms/],
    ['p(95) < 10.5ms', steady, true, 10.4, /p\(95\) was 10\.4 ms/], // from the encoded histogram
    ['avg < 10ms', steady, true, 5.95, /avg was 5\.95 ms/],
    ['max < 1s', steady, true, 10.9, /max was 10\.9 ms, limit 1,000 ms/],
    [
      'rate >= 0.99 * target',
      { achievedRate: 1950, targetRate: 2000 },
      false,
      1950,
      /rate was 1,950\/s, limit 1,980\/s \(0\.99 × target 2,000\/s\)/,
    ],
    ['rate >= 0.99 * target', { achievedRate: 1990, targetRate: 2000 }, true, 1990, /rate was 1,990\/s/],
    ['rate >= 0.9 * offered', { achievedRate: 950, offeredRate: 1000 }, true, 950, /0\.9 × offered 1,000\/s/],
    ['rate >= 1500', { achievedRate: 1400 }, false, 1400, /rate was 1,400\/s, limit 1,500\/s/],
    ['errors < 0.1%', { completed: 998, errors: 2 }, false, 0.002, /errors was 0\.2%, limit 0\.1%/],
    ['error_rate < 0.01', { completed: 998, errors: 2 }, true, 0.002, /error_rate was 0\.2%, limit 1%/],
    ['error_count == 0', { completed: 998, errors: 2 }, false, 2, /error_count was 2, limit 0/],
    [
      'achieved_ratio >= 99%',
      { achievedRate: 1995, targetRate: 2000 },
      true,
      0.9975,
      /achieved_ratio was 0\.998, limit 0\.99/,
    ],
    ['gaps == 0', { measures: { gaps: 3 } }, false, 3, /gaps was 3, limit 0/],
    ['tradesPerOrder > 0.4', { measures: { tradesPerOrder: 0.5 } }, true, 0.5, /tradesPerOrder was 0\.5/],
  ];

  it.each(table)('%j on %j → passed %s, observed %d', (expression, options, passed, observed, message) => {
    const [outcome] = evaluateThresholds(planWith({ orders: [expression] }), [
      sampleStep(1, [sampleWorkloadStep(options)]),
    ]);
    expect(outcome).toBeDefined();
    expect(outcome?.passed).toBe(passed);
    expect(outcome?.evaluated).toBe(true);
    expect(outcome?.observed).toBeCloseTo(observed, 1);
    expect(outcome?.message).toMatch(message);
    expect(outcome?.source).toBe('plan');
  });

  it('does not evaluate what was not measured, and says why', () => {
    const cases: [string, SampleWorkloadOptions, RegExp][] = [
      ['p(99) < 25ms', { latenciesMs: [], completed: 0 }, /p\(99\) not evaluated: no operation completed/],
      ['errors < 1%', { latenciesMs: [], completed: 0, errors: 0 }, /no operation finished/],
      ['achieved_ratio > 0.5', { targetRate: 0 }, /no target rate/],
      ['gaps == 0', { measures: {} }, /orders does not report gaps/],
    ];
    for (const [expression, options, message] of cases) {
      const [outcome] = evaluateThresholds(planWith({ orders: [expression] }), [
        sampleStep(1, [sampleWorkloadStep(options)]),
      ]);
      expect(outcome).toMatchObject({ evaluated: false, passed: true });
      expect(outcome?.message).toMatch(message);
    }
  });

  describe(`with fewer than ${MIN_EXPECTED_OPERATIONS} operations expected or measured`, () => {
    const few: [string, SampleWorkloadOptions, number, boolean, RegExp | null][] = [
      // expression, the workload's step, measured seconds, evaluated, message when not
      [
        'rate >= 0.9 * target',
        { targetRate: 0.0667, achievedRate: 0, completed: 0 },
        3,
        false,
        /^rate not evaluated: only 0\.2 orders expected in 3 s; not enough to judge$/,
      ],
      ['errors < 1%', { targetRate: 1, completed: 1, errors: 1 }, 4, false, /only 4 orders expected in 4 s/],
      ['error_count == 0', { targetRate: 1, completed: 1, errors: 1 }, 3, false, /only 3 orders expected/],
      ['achieved_ratio >= 0.9', { targetRate: 1, achievedRate: 0.5 }, 2, false, /only 2 orders expected/],
      ['rate >= 0.9 * target', { targetRate: 1, achievedRate: 1 }, MIN_EXPECTED_OPERATIONS, true, null],
      ['errors < 1%', { targetRate: 2, completed: 10, errors: 0 }, 3, true, null],
      [
        'p(99) < 25ms',
        { latenciesMs: [1, 2, 3, 4], completed: 4 },
        30,
        false,
        /^p\(99\) not evaluated: only 4 latency samples in 30 s; not enough to judge$/,
      ],
      ['p(99) < 25ms', { latenciesMs: [3], completed: 1 }, 30, false, /only 1 latency sample in 30 s/],
      ['p(99) < 25ms', { latenciesMs: [1, 2, 3, 4, 5], completed: 5 }, 30, true, null],
      // measures are counts of their own, not judged by the operations expected
      ['gaps == 0', { targetRate: 0.1, measures: { gaps: 0 } }, 3, true, null],
    ];

    it.each(few)('%s on %j over %d s → evaluated %s', (expression, options, seconds, evaluated, message) => {
      const step = { ...sampleStep(1, [sampleWorkloadStep(options)]), durationSeconds: seconds };
      const [outcome] = evaluateThresholds(planWith({ orders: [expression] }), [step]);
      expect(outcome?.evaluated).toBe(evaluated);
      if (message !== null) {
        expect(outcome?.passed).toBe(true);
        expect(outcome?.message).toMatch(message);
      }
    });
  });

  it("applies '*' to every workload and a name to that workload only", () => {
    const plan = planWith({ '*': ['p(99) < 25ms'], 'orders-b': ['rate >= 1'] });
    const outcomes = evaluateThresholds(plan, [
      sampleStep(1, [sampleWorkloadStep({ name: 'orders' }), sampleWorkloadStep({ name: 'orders-b' })]),
    ]);
    expect(outcomes.map((o) => `${o.workload}: ${o.expression}`)).toEqual([
      'orders: p(99) < 25ms',
      'orders-b: p(99) < 25ms',
      'orders-b: rate >= 1',
    ]);
  });

  it('gates only the steps a threshold lists', () => {
    const plan = planWith({ orders: [{ threshold: 'p(99) < 25ms', steps: [2] }] });
    const outcomes = evaluateThresholds(plan, [
      sampleStep(1, [sampleWorkloadStep()]),
      sampleStep(2, [sampleWorkloadStep()]),
    ]);
    expect(outcomes.map((o) => o.multiplier)).toEqual([2]);
  });

  it('evaluates the SLO thresholds of each workload on each step', () => {
    const plan = resolvePlan({
      steps: [1, 2],
      workloads: [{ kind: 'orders', slo: { p99: '5ms', errorBudget: '1%', minAchievedRatio: 0.9 } }],
    });
    const outcomes = evaluateThresholds(plan, [
      sampleStep(1, [sampleWorkloadStep({ achievedRate: 1995 })]),
      sampleStep(2, [sampleWorkloadStep({ achievedRate: 1000, targetRate: 4000 })]),
    ]);
    expect(outcomes.map((o) => [o.multiplier, o.expression, o.passed, o.source])).toEqual([
      [1, 'p(99) < 5ms', false, 'slo'],
      [2, 'p(99) < 5ms', false, 'slo'],
      [1, 'errors <= 1%', true, 'slo'],
      [2, 'errors <= 1%', true, 'slo'],
      [1, 'rate >= 0.9 * target', true, 'slo'],
      [2, 'rate >= 0.9 * target', false, 'slo'],
    ]);
  });

  it('does not fail a gate on a generator-bound step, and says why', () => {
    const [outcome] = evaluateThresholds(planWith({ orders: ['rate >= 0.99 * target'] }), [
      sampleStep(1, [sampleWorkloadStep({ achievedRate: 100, generatorBound: true })]),
    ]);
    expect(outcome?.passed).toBe(true);
    expect(outcome?.evaluated).toBe(false);
    expect(outcome?.message).toMatch(/not judged: the generator, not the target, limited this step/);
  });

  it('fails the same shortfall when the generator kept up', () => {
    const [outcome] = evaluateThresholds(planWith({ orders: ['rate >= 0.99 * target'] }), [
      sampleStep(1, [sampleWorkloadStep({ achievedRate: 100, generatorBound: false })]),
    ]);
    expect(outcome?.passed).toBe(false);
    expect(outcome?.evaluated).toBe(true);
  });
});
