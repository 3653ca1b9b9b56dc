import { describe, expect, it } from 'vitest';

import { fitUsl, type UslFit } from './fit-usl.js';
import { planScaleOut } from './scale-out.js';
import { uslThroughput } from './usl-model.js';

function fitOf(sigma: number, kappa: number, lambda: number, ns: number[]): UslFit {
  return fitUsl(ns.map((n) => ({ concurrency: n, throughput: uslThroughput({ sigma, kappa, lambda }, n) })));
}

// Peaks at N* = 24, X_max ≈ 7,524/s.
const PEAKED = fitOf(0.08, 0.0015, 1150, [1, 2, 4, 8, 12, 16, 24, 32, 48, 64]);

describe('planScaleOut', () => {
  it('finds the concurrency one instance needs when the target is below the peak', () => {
    const plan = planScaleOut(PEAKED, 5000);
    expect(plan.verdict).toBe('one-instance');
    expect(plan.instances).toBe(1);
    expect(uslThroughput(PEAKED, plan.concurrency!)).toBeGreaterThanOrEqual(5000);
    expect(uslThroughput(PEAKED, plan.concurrency! - 1)).toBeLessThan(5000);
    expect(plan.extrapolated).toBe(false);
  });

  it('plans shared-nothing instances at their peak when one cannot reach the target', () => {
    const plan = planScaleOut(PEAKED, 20_000);
    expect(plan.verdict).toBe('instances');
    expect(plan.instances).toBe(Math.ceil(20_000 / PEAKED.maxThroughput));
    expect(plan.instances).toBe(3);
    expect(plan.explanation).toMatch(/3 shared-nothing instances/);
  });

  it('says no number of instances reaches a target above a shared resource’s bound', () => {
    const plan = planScaleOut(PEAKED, 20_000, { resource: 'db_writer', boundPerSecond: 16_000 });
    expect(plan.verdict).toBe('none');
    expect(plan.instances).toBeNull();
    expect(plan.explanation).toMatch(/No number of instances.*db_writer.*16,000\/s/);
  });

  it('ignores a shared resource that allows more than the target', () => {
    expect(planScaleOut(PEAKED, 20_000, { resource: 'db_writer', boundPerSecond: 50_000 }).verdict).toBe(
      'instances',
    );
  });

  it('flags a single-instance answer that needs more than twice the measured concurrency', () => {
    // Linear up to 8 measured points: reaching 10 × λ·8 needs N ≈ 80 > 2 × 8.
    const linear = fitOf(0, 0, 100, [1, 2, 3, 4, 6, 8]);
    const plan = planScaleOut(linear, 8000);
    expect(plan.verdict).toBe('one-instance');
    expect(plan.concurrency).toBe(80);
    expect(plan.extrapolated).toBe(true);
  });

  it('uses the edge of the trusted range when the curve has no peak but an asymptote below the target', () => {
    const amdahl = fitOf(0.1, 0, 500, [1, 2, 4, 8, 16, 32]);
    const plan = planScaleOut(amdahl, 20_000);
    expect(plan.verdict).toBe('instances');
    const atEdge = uslThroughput(amdahl, 64);
    expect(plan.perInstance).toBeCloseTo(atEdge, 6);
    expect(plan.instances).toBe(Math.ceil(20_000 / atEdge));
  });
});
