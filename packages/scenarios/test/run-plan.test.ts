/**
 * runPlan end to end against the real reference system: a quick two-step plan with the
 * orders, market-data, registrations and logins workloads and a short concurrency sweep.
 * The RunResult validates, and its numbers hang together.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../src/plan/defaults.js';
import { resolvePlan } from '../src/plan/resolve-plan.js';
import type { ResolvedPlan } from '../src/plan/types.js';
import type { RunResult } from '../src/result/types.js';
import { validateRunResult } from '../src/result/validate-run-result.js';
import type { ProgressEvent } from '../src/runner/run-plan-types.js';
import { runPlan } from '../src/runner/run-plan.js';
import { spawnReferenceSystem, type SpawnedSystem } from './support/spawn-reference-system.js';
import { near } from './support/workload-harness.js';

let system: SpawnedSystem;
let plan: ResolvedPlan;
let result: RunResult;
const events: ProgressEvent[] = [];

beforeAll(async () => {
  system = await spawnReferenceSystem();
  plan = resolvePlan(
    {
      capacity: { instruments: 200 },
      workloads: [
        { kind: 'orders' },
        { kind: 'market-data' },
        { kind: 'registrations' },
        { kind: 'logins', users: 100 },
      ],
      steps: [1, 2],
      sweep: { workload: 'orders', maxConcurrency: 32, minPoints: 6 },
    },
    { overrides: { quick: true } },
  );
  result = await runPlan({
    plan,
    target: system.endpoint,
    targetConfig: system.config,
    isTargetAlive: system.isAlive,
    onProgress: (event) => events.push(event),
  });
});
afterAll(async () => {
  await system?.stop();
});

const workload = (step: number, name: string) => result.steps[step].workloads.find((w) => w.name === name)!;

describe('runPlan on a quick two-step plan', () => {
  it('returns a valid, complete RunResult', () => {
    expect(() => validateRunResult(JSON.parse(JSON.stringify(result)), 'the run')).not.toThrow();
    expect(result.status).toBe('complete');
    expect(result.statusReason).toBeNull();
    expect(result.target).toMatchObject({ kind: 'bundled', url: system.endpoint.baseUrl, failure: null });
    expect(result.target.config).toMatchObject({ instruments: 200, fsync: 'batch' });
    expect(result.runId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
  });

  it('measures every workload at baseline × multiplier in each mixed step', () => {
    expect(result.steps.map((s) => [s.phase, s.multiplier, s.status])).toEqual([
      ['mixed', 1, 'completed'],
      ['mixed', 2, 'completed'],
    ]);
    for (const [i, step] of result.steps.entries()) {
      // the target's window: where every workload's window overlaps (most of each)
      expect(step.durationSeconds).toBeGreaterThan(plan.durationSeconds / 2);
      expect(step.durationSeconds).toBeLessThanOrEqual(plan.durationSeconds + 0.1);
      expect(step.workloads.map((w) => w.name)).toEqual(['orders', 'market-data', 'registrations', 'logins']);
      for (const w of step.workloads) {
        const baseline = plan.workloads.find((p) => p.name === w.name)!.baseline.value;
        expect(w.targetRate).toBeCloseTo(baseline * step.multiplier, 9);
      }
      // quick: 2,000 orders/s × 0.1 × multiplier
      expect(workload(i, 'orders').targetRate).toBe(200 * step.multiplier);
    }
  });

  it('orders: acknowledged at the target rate, trades per order near 0.5 (±30%)', () => {
    for (const i of [0, 1]) {
      const orders = workload(i, 'orders');
      expect(orders.counts.errors).toBe(0);
      expect(near(orders.achievedRate, orders.targetRate, 0.2)).toBe(true);
      expect(orders.measures['tradesPerOrder']).toBeGreaterThan(0.35);
      expect(orders.measures['tradesPerOrder']).toBeLessThan(0.65);
    }
  });

  it('market data: the orders workload’s events reach every subscriber in sequence', () => {
    for (const i of [0, 1]) {
      const md = workload(i, 'market-data');
      expect(md.counts.completed).toBeGreaterThan(0);
      expect(md.measures['gaps']).toBe(0);
      expect(md.measures['outOfOrder']).toBe(0);
      expect(md.measures['disconnects']).toBe(0);
      // 50 subscribers at 1x (quick plans scale rates, not subscriber counts), × the step
      expect(md.measures['subscribers']).toBe(50 * result.steps[i].multiplier);
    }
  });

  it('the target’s counters agree with the workloads over the step (when it serves metrics)', (context) => {
    const target = result.steps[0].target;
    if (target === null)
      context.skip('the reference system serves no /metrics yet: cross-check with the target skipped');
    const orders = workload(0, 'orders');
    // The target's window is where all the workloads' windows overlap: most of the orders' window.
    const share = result.steps[0].durationSeconds / plan.durationSeconds;
    expect(near(target!.work['orders'], orders.measures['ordersAcked'] * share, 0.1, 5)).toBe(true);
    expect(target!.resources.length).toBeGreaterThan(0);
  });

  it('runs the sweep: at least minPoints closed-loop points, concurrency rising', () => {
    const sweep = result.sweep!;
    expect(sweep.workload).toBe('orders');
    expect(sweep.points.length).toBeGreaterThanOrEqual(6);
    const levels = sweep.points.map((p) => p.concurrency);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    expect(sweep.points.every((p) => p.throughput > 0 && p.errors === 0)).toBe(true);
    expect(sweep.stoppedBecause).not.toBe('');
  });

  it('evaluates every threshold on every mixed step and removes secrets from the plan', () => {
    expect(result.thresholds).toHaveLength(plan.thresholds.length * 2);
    const logins = result.plan.workloads.find((w) => w.kind === 'logins')!;
    expect(logins.options['password']).toBe(REDACTED);
    expect(JSON.stringify(result)).not.toContain('headroom-fixture-password');
  });

  it('reports progress: preparation, each step’s start and end, ticks, sweep points', () => {
    const count = (type: ProgressEvent['type']) => events.filter((e) => e.type === type).length;
    expect(count('prepare')).toBeGreaterThanOrEqual(4);
    expect(count('step-start')).toBe(2);
    expect(count('step-end')).toBe(2);
    expect(count('tick')).toBeGreaterThanOrEqual(4);
    expect(count('sweep-point')).toBe(result.sweep!.points.length);
    const left = events
      .filter((e) => e.type === 'step-start')
      .map((e) => (e as { secondsLeft: number }).secondsLeft);
    expect(left[0]).toBeGreaterThan(left[1]);
  });
});
