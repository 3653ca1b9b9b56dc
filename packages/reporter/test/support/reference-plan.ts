/**
 * The default capacity plan of DESIGN §2 as a ResolvedPlan, for synthetic runs.
 */
import type { ResolvedPlan, Slo, WorkloadPlan } from '@headroom/scenarios';

const slo = (p99Ms: number, errorBudget: number, minAchievedRatio: number): Slo => ({
  p99Ms,
  errorBudget,
  minAchievedRatio,
  gate: true,
});

export const REGISTRATIONS_PER_SECOND = (500 / 86_400) * 10;

export const REFERENCE_WORKLOADS: readonly WorkloadPlan[] = [
  {
    kind: 'orders',
    name: 'orders',
    arrival: 'poisson',
    slo: slo(25, 0.001, 0.95),
    options: { transport: 'ws', connections: 64 },
    baseline: { value: 2000, unit: 'orders/s', explanation: 'capacity.ordersPerSecond' },
  },
  {
    kind: 'market-data',
    name: 'market-data',
    arrival: 'constant',
    slo: slo(50, 0.001, 0.9),
    options: { subscribers: 200, scaleWithStep: true },
    baseline: { value: 10_000, unit: 'updates/s', explanation: 'capacity.marketDataUpdatesPerSecond' },
  },
  {
    kind: 'sessions',
    name: 'sessions',
    arrival: 'constant',
    slo: slo(250, 0.01, 0.95),
    options: { heartbeatSeconds: 15 },
    baseline: { value: 5000, unit: 'connections', explanation: 'capacity.concurrentUsers' },
  },
  {
    kind: 'registrations',
    name: 'registrations',
    arrival: 'poisson',
    slo: slo(500, 0.01, 0.9),
    options: { passwordLength: 16 },
    baseline: {
      value: REGISTRATIONS_PER_SECOND,
      unit: 'registrations/s',
      explanation: '500 registrations/day ÷ 86,400 s × peak-hour factor 10',
    },
  },
];

export function referencePlan(overrides: Partial<ResolvedPlan> = {}): ResolvedPlan {
  return {
    name: 'reference-default',
    description:
      'The default capacity plan: 1x, 2x, 5x and 10x of current load on the bundled reference system.',
    seed: 42,
    target: { kind: 'bundled', shards: 2, fsync: 'batch', instruments: 5000 },
    capacity: {
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
    },
    steps: [1, 2, 5, 10],
    durationSeconds: 60,
    warmupSeconds: 10,
    workloads: REFERENCE_WORKLOADS,
    sweep: {
      enabled: true,
      workload: 'orders',
      workloadName: 'orders',
      maxConcurrency: 64,
      pointSeconds: 10,
      minPoints: 6,
    },
    thresholds: [
      { workload: 'orders', expression: 'p(99) < 25ms', steps: 'all', source: 'slo' },
      { workload: 'market-data', expression: 'p(99) < 50ms', steps: 'all', source: 'slo' },
      { workload: 'orders', expression: 'errors < 0.1%', steps: [1, 2], source: 'plan' },
    ],
    isolated: { enabled: false, workloads: [], steps: [] },
    loadScale: 1,
    quick: false,
    source: 'default',
    notes: [],
    ...overrides,
  };
}
