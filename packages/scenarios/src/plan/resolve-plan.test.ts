import { describe, expect, it } from 'vitest';

import { estimatePlanDuration } from './estimate-duration.js';
import { defaultPlan } from './load-plan.js';
import { resolvePlan } from './resolve-plan.js';
import { typedWorkload } from './typed-workload.js';
import type { ResolvedPlan, TypedWorkloadPlan, WorkloadKind } from './types.js';

function workload<K extends WorkloadKind>(
  plan: ResolvedPlan,
  kind: K,
): Extract<TypedWorkloadPlan, { kind: K }> {
  const found = plan.workloads.map(typedWorkload).find((w) => w.kind === kind);
  if (found === undefined) throw new Error(`no ${kind} workload`);
  return found as Extract<TypedWorkloadPlan, { kind: K }>;
}

describe('defaultPlan', () => {
  const plan = defaultPlan();

  it('is the capacity table of the scalability analysis', () => {
    expect(plan.capacity).toEqual({
      concurrentUsers: 5000,
      activeSessions: 10_000,
      registrationsPerDay: 500,
      registrationPeakFactor: 10,
      ordersPerSecond: 2000,
      tradesPerSecond: 1000,
      marketDataUpdatesPerSecond: 10_000,
      instruments: 5000,
      historicalDataBytes: 5e12,
      dailyGrowthBytes: 50e9,
      targetMultiplier: 10,
    });
    expect(plan.steps).toEqual([1, 2, 5, 10]);
    expect(plan.target).toEqual({ kind: 'bundled', shards: 1, fsync: 'always', instruments: 5000 });
    expect(plan.workloads.map((w) => w.name)).toEqual([
      'orders',
      'market-data',
      'registrations',
      'logins',
      'sessions',
    ]);
    expect(plan.source).toBe('default');
    expect(plan.loadScale).toBe(1);
    expect(plan.quick).toBe(false);
    expect(plan.notes).toEqual([]);
  });

  it('explains what 1x means for every workload', () => {
    expect(plan.workloads.map((w) => [w.name, w.baseline.unit, w.baseline.explanation])).toEqual([
      ['orders', 'orders/s', 'capacity.ordersPerSecond 2,000/s = 2,000 orders/s'],
      ['market-data', 'updates/s', 'capacity.marketDataUpdatesPerSecond 10,000/s = 10,000 updates/s'],
      [
        'registrations',
        'registrations/s',
        '500 registrations/day ÷ 86,400 s × peak-hour factor 10 = 0.05787 registrations/s',
      ],
      ['logins', 'logins/s', 'capacity.activeSessions 10,000 ÷ session lifetime 3,600 s = 2.778 logins/s'],
      ['sessions', 'connections', 'capacity.concurrentUsers 5,000 = 5,000 connections'],
    ]);
    expect(workload(plan, 'registrations').baseline.value).toBeCloseTo((500 / 86_400) * 10, 12);
  });

  it('fills every option of every kind', () => {
    expect(workload(plan, 'orders').options).toEqual({
      transport: 'ws',
      connections: 16,
      mix: { limit: 0.6, marketable: 0.1, cancel: 0.3 },
      zipfExponent: 1,
      prefillLevels: 10,
      priceWalkTicks: 2,
      timeoutMs: 5000,
    });
    expect(workload(plan, 'sessions').options).toEqual({
      tokens: 10_000,
      heartbeatSeconds: 15,
      sourceAddresses: ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'],
      maxConnectionsPerProcess: 15_000,
      connectRatePerSecond: 5000,
      timeoutMs: 10_000,
    });
    expect(workload(plan, 'market-data').options.channels).toEqual(['book', 'trades']);
    expect(workload(plan, 'logins').options.sessionLifetimeSeconds).toBe(3600);
  });

  it('turns each SLO into three gating thresholds', () => {
    const orders = plan.thresholds.filter((t) => t.workload === 'orders');
    expect(orders).toEqual([
      { workload: 'orders', expression: 'p(99) < 25ms', steps: 'all', source: 'slo' },
      { workload: 'orders', expression: 'errors <= 0.1%', steps: 'all', source: 'slo' },
      { workload: 'orders', expression: 'rate >= 0.99 * target', steps: 'all', source: 'slo' },
    ]);
    expect(plan.thresholds).toHaveLength(15);
  });

  it('sweeps orders and isolates every workload at 1x', () => {
    expect(plan.sweep).toEqual({
      enabled: true,
      workload: 'orders',
      workloadName: 'orders',
      maxConcurrency: 256,
      pointSeconds: 5,
      minPoints: 8,
    });
    expect(plan.isolated).toEqual({
      enabled: true,
      workloads: ['orders', 'market-data', 'registrations', 'logins', 'sessions'],
      steps: [1],
    });
  });

  it('is deeply frozen', () => {
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.workloads[0]?.options)).toBe(true);
    expect(Object.isFrozen(plan.steps)).toBe(true);
    expect(() => (plan.steps as number[]).push(20)).toThrow(TypeError);
  });

  it('drives load for under 10 minutes', () => {
    const estimate = estimatePlanDuration(plan);
    // 4 steps × 35 s + 5 isolated × 35 s + 16 sweep points (1, 2, 3, 4, 6, … 192, 256) × 5 s
    expect(estimate).toEqual({ seconds: 140 + 175 + 80, steps: 140, isolated: 175, sweep: 80 });
  });
});

describe('resolvePlan', () => {
  it('keeps what the plan says and fills the rest', () => {
    const plan = resolvePlan({
      name: 'mine',
      seed: 7,
      steps: [0.5, 1, 3],
      duration: '1m30s',
      warmup: 0,
      capacity: { ordersPerSecond: 100, dailyGrowth: '1TiB' },
      target: { kind: 'bundled', shards: 4, fsync: 'always' },
      workloads: [
        {
          kind: 'orders',
          transport: 'rest',
          mix: { limit: 0.5, marketable: 0.25, cancel: 0.25 },
          slo: { p99: 12, errorBudget: 0.01 },
        },
        {
          kind: 'http',
          name: 'search',
          url: '/v1/instruments',
          ratePerSecond: 40,
          body: { q: '{{pick a b}}' },
          arrival: 'constant',
        },
      ],
    });
    expect(plan.description).toBe('');
    expect(plan.durationSeconds).toBe(90);
    expect(plan.warmupSeconds).toBe(0);
    expect(plan.capacity.ordersPerSecond).toBe(100);
    expect(plan.capacity.dailyGrowthBytes).toBe(2 ** 40);
    expect(plan.capacity.instruments).toBe(5000);
    expect(plan.target).toEqual({ kind: 'bundled', shards: 4, fsync: 'always', instruments: 5000 });
    const orders = workload(plan, 'orders');
    expect(orders.options.transport).toBe('rest');
    expect(orders.slo).toEqual({ p99Ms: 12, errorBudget: 0.01, minAchievedRatio: 0.99, gate: true });
    expect(orders.baseline.value).toBe(100);
    const http = workload(plan, 'http');
    expect(http.name).toBe('search');
    expect(http.arrival).toBe('constant');
    expect(http.options).toMatchObject({
      method: 'GET',
      url: '/v1/instruments',
      body: '{"q":"{{pick a b}}"}',
      expectStatus: [200, 201, 202, 204],
    });
    expect(http.baseline.explanation).toBe('ratePerSecond 40 in the plan = 40 requests/s');
    expect(
      plan.thresholds.find((t) => t.workload === 'orders' && t.expression.startsWith('errors'))?.expression,
    ).toBe('errors <= 1%');
  });

  it('resolves a URL target; loopback needs no allowHost', () => {
    const plan = resolvePlan({ target: { kind: 'url', url: 'http://localhost:8080/', adminToken: 'tok' } });
    expect(plan.target).toEqual({
      kind: 'url',
      url: 'http://localhost:8080',
      allowHost: null,
      metricsPath: '/metrics',
      adminToken: 'tok',
    });
  });

  it('a disabled SLO gate adds no thresholds', () => {
    const plan = resolvePlan({
      workloads: [{ kind: 'orders', slo: { gate: false } }],
      thresholds: { orders: ['avg < 5ms'] },
    });
    expect(plan.thresholds).toEqual([
      { workload: 'orders', expression: 'avg < 5ms', steps: 'all', source: 'plan' },
    ]);
  });

  it('picks a sweepable workload when orders is absent, and skips the sweep when none is', () => {
    const logins = resolvePlan({ workloads: [{ kind: 'sessions' }, { kind: 'logins' }] });
    expect(logins.sweep).toMatchObject({ enabled: true, workload: 'logins', workloadName: 'logins' });
    const none = resolvePlan({ workloads: [{ kind: 'sessions' }] });
    expect(none.sweep.enabled).toBe(false);
    expect(none.notes).toEqual([
      expect.stringMatching(/concurrency sweep skipped: no selected workload runs in a closed loop/),
    ]);
  });

  it('scales rates and counts, not the instrument universe or data volumes', () => {
    const plan = resolvePlan({ loadScale: 0.5 });
    expect(plan.capacity).toMatchObject({
      concurrentUsers: 2500,
      activeSessions: 5000,
      ordersPerSecond: 1000,
      instruments: 5000,
      historicalDataBytes: 5e12,
    });
    expect(workload(plan, 'orders').baseline).toEqual({
      value: 1000,
      unit: 'orders/s',
      explanation: 'capacity.ordersPerSecond 2,000/s × load scale 0.5 = 1,000 orders/s',
    });
    expect(workload(plan, 'sessions').options.tokens).toBe(5000);
    expect(plan.notes).toEqual(['load scaled by 0.5: every rate and count of the capacity table']);
  });
});

describe('overrides', () => {
  it('replace steps, durations, seed and target', () => {
    const plan = resolvePlan(
      {
        steps: [1, 2],
        duration: '1m',
        target: { kind: 'url', url: 'http://127.0.0.1:1', metricsPath: '/m' },
      },
      {
        overrides: {
          steps: '1x,3x',
          duration: '45',
          warmup: '2s',
          seed: 99,
          target: 'http://127.0.0.1:9000',
        },
      },
    );
    expect(plan.steps).toEqual([1, 3]);
    expect(plan.durationSeconds).toBe(45);
    expect(plan.warmupSeconds).toBe(2);
    expect(plan.seed).toBe(99);
    // The plan's other URL-target settings are kept when --target replaces the URL.
    expect(plan.target).toEqual({
      kind: 'url',
      url: 'http://127.0.0.1:9000',
      allowHost: null,
      metricsPath: '/m',
      adminToken: null,
    });
  });

  it('--workloads keeps a subset and drops what depended on the rest', () => {
    const plan = resolvePlan(
      {
        thresholds: { orders: ['avg < 1ms'], '*': ['errors < 1%'] },
        isolated: { workloads: ['orders', 'sessions'] },
      },
      { overrides: { workloads: 'sessions, market-data' } },
    );
    expect(plan.workloads.map((w) => w.name)).toEqual(['market-data', 'sessions']);
    expect(plan.thresholds.filter((t) => t.source === 'plan')).toEqual([
      { workload: '*', expression: 'errors < 1%', steps: 'all', source: 'plan' },
    ]);
    expect(
      plan.thresholds.every(
        (t) => t.workload === '*' || t.workload === 'market-data' || t.workload === 'sessions',
      ),
    ).toBe(true);
    expect(plan.sweep.enabled).toBe(false);
    expect(plan.notes).toEqual([
      expect.stringMatching(/^concurrency sweep skipped: no selected workload runs in a closed loop/),
    ]);
    expect(plan.isolated.workloads).toEqual(['sessions']);
  });

  it('--workloads that leaves out an explicitly swept workload says so', () => {
    const plan = resolvePlan({ sweep: { workload: 'orders' } }, { overrides: { workloads: ['logins'] } });
    expect(plan.sweep.enabled).toBe(false);
    expect(plan.notes).toEqual(["concurrency sweep skipped: its workload 'orders' is not selected"]);
  });

  it('--steps drops a threshold whose steps are not run, with a note', () => {
    const plan = resolvePlan(
      {
        thresholds: {
          orders: [
            { threshold: 'avg < 1ms', steps: [10] },
            { threshold: 'max < 1s', steps: [1, 10] },
          ],
        },
      },
      { overrides: { steps: [1, 2] } },
    );
    expect(plan.thresholds.filter((t) => t.source === 'plan')).toEqual([
      { workload: 'orders', expression: 'max < 1s', steps: [1], source: 'plan' },
    ]);
    expect(plan.notes).toEqual(["threshold 'avg < 1ms' on orders skipped: none of its steps (10) is run"]);
  });

  it('--quick: short steps, 10% load, a shorter sweep, no isolated runs', () => {
    const plan = resolvePlan({}, { overrides: { quick: true } });
    expect(plan.quick).toBe(true);
    expect(plan.loadScale).toBe(0.1);
    expect(plan.durationSeconds).toBe(3);
    expect(plan.warmupSeconds).toBe(1);
    expect(plan.sweep).toMatchObject({ enabled: true, maxConcurrency: 128, pointSeconds: 1, minPoints: 8 });
    expect(plan.isolated.enabled).toBe(false);
    expect(plan.capacity.ordersPerSecond).toBe(200);
    expect(plan.workloads).toHaveLength(5);
    expect(plan.notes[0]).toMatch(/^quick run: rates and counts scaled to 10%/);
    const estimate = estimatePlanDuration(plan);
    expect(estimate.seconds).toBeLessThan(60);
  });

  it('--quick keeps explicit --duration and --warmup', () => {
    const plan = resolvePlan({}, { overrides: { quick: true, duration: '5s', warmup: 0 } });
    expect([plan.durationSeconds, plan.warmupSeconds]).toEqual([5, 0]);
  });
});

describe('sweep points', () => {
  it.each([
    [16, 8],
    [8, 6],
    [128, 14],
  ])(
    'accepts maxConcurrency %i with minPoints %i: the sweep levels 1, 2, 3, 4, 6, 8, … give that many',
    (max, min) => {
      const plan = resolvePlan({ sweep: { maxConcurrency: max, minPoints: min } });
      expect(plan.sweep).toMatchObject({ maxConcurrency: max, minPoints: min });
      expect(estimatePlanDuration(plan).sweep).toBe(min * plan.sweep.pointSeconds);
    },
  );

  it('--quick lowers maxConcurrency no further than minPoints needs', () => {
    const plan = resolvePlan({ sweep: { minPoints: 14 } }, { overrides: { quick: true } });
    expect(plan.sweep.maxConcurrency).toBe(128);
  });
});
