/**
 * Every default of a capacity plan, in one place. `resolvePlan` fills from here, the JSON
 * Schema's `default` annotations are built from here, and the commented plan that
 * `headroom init` writes is rendered from here, so the three never disagree.
 */
import type { ArrivalProcess, WorkloadKind } from './types.js';

/** The capacity table of the scalability analysis (current load = 1x). */
export const DEFAULT_CAPACITY = {
  concurrentUsers: 5000,
  activeSessions: 10_000,
  registrationsPerDay: 500,
  // The busiest hour carries 10× the day's average hourly rate: a launch or market-open
  // burst. Stated here so the registration rate tested is explained in the report.
  registrationPeakFactor: 10,
  ordersPerSecond: 2000,
  tradesPerSecond: 1000,
  marketDataUpdatesPerSecond: 10_000,
  instruments: 5000,
  historicalData: '5TB',
  dailyGrowth: '50GB',
  targetMultiplier: 10,
} as const;

export const DEFAULT_PLAN_FIELDS = {
  name: 'default',
  description: 'The capacity table of the scalability analysis at 1x, 2x, 5x and 10x of the current load.',
  seed: 1,
  steps: [1, 2, 5, 10],
  duration: '30s',
  warmup: '5s',
  loadScale: 1,
} as const;

// fsync 'always' is how the reference system ships: a capacity verdict is about the durable setup.
export const DEFAULT_BUNDLED_TARGET = { kind: 'bundled', shards: 1, fsync: 'always' } as const;
export const DEFAULT_METRICS_PATH = '/metrics';

export const DEFAULT_ARRIVAL: ArrivalProcess = 'poisson';

/** p99 ms, error budget and achieved ratio per kind: what "healthy" means for each. */
export const DEFAULT_SLO: Readonly<
  Record<WorkloadKind, { p99: string; errorBudget: string; minAchievedRatio: number }>
> = {
  orders: { p99: '25ms', errorBudget: '0.1%', minAchievedRatio: 0.99 },
  'market-data': { p99: '50ms', errorBudget: '0.1%', minAchievedRatio: 0.99 },
  // Registration and login run a memory-hard hash on purpose: hundreds of ms is normal.
  registrations: { p99: '500ms', errorBudget: '0.1%', minAchievedRatio: 0.99 },
  logins: { p99: '500ms', errorBudget: '0.1%', minAchievedRatio: 0.99 },
  sessions: { p99: '100ms', errorBudget: '0.1%', minAchievedRatio: 0.99 },
  http: { p99: '100ms', errorBudget: '0.1%', minAchievedRatio: 0.99 },
};

export const DEFAULT_OPTIONS = {
  orders: {
    transport: 'ws',
    connections: 16,
    mix: { limit: 0.6, marketable: 0.1, cancel: 0.3 },
    zipfExponent: 1,
    prefillLevels: 10,
    priceWalkTicks: 2,
    timeout: '5s',
  },
  'market-data': {
    subscribers: 50,
    scaleWithStep: true,
    instrumentsPerSubscriber: 10,
    zipfExponent: 1,
    channels: ['book', 'trades'],
    timeout: '5s',
  },
  registrations: { usernamePrefix: 'hr', passwordLength: 16, timeout: '10s' },
  logins: { sessionLifetime: '1h', users: 1000, password: 'headroom-fixture-password', timeout: '10s' },
  sessions: {
    heartbeat: '15s',
    // Four source addresses give ~112,000 ports towards one server address: room for
    // 100,000 connections (10x of the active sessions) with margin.
    sourceAddresses: ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'],
    // Below the 20,000 open-file limit, leaving descriptors for logs, pipes and scrapes.
    maxConnectionsPerProcess: 15_000,
    connectRatePerSecond: 5000,
    timeout: '10s',
  },
  http: {
    method: 'GET',
    headers: {},
    body: null,
    connections: 10,
    expectStatus: [200, 201, 202, 204],
    timeout: '10s',
  },
} as const;

/** The workloads of the default plan (http needs a URL of its own, so it is not one of them). */
export const DEFAULT_WORKLOADS: readonly WorkloadKind[] = [
  'orders',
  'market-data',
  'registrations',
  'logins',
  'sessions',
];

export const DEFAULT_SWEEP = {
  enabled: true,
  workload: 'orders',
  maxConcurrency: 256,
  pointDuration: '5s',
  // The USL fit refuses fewer than 6 points; 8 leaves room for one or two bad ones.
  minPoints: 8,
} as const;

/** The USL fit needs at least this many sweep points. */
export const MIN_SWEEP_POINTS = 6;

/** Kinds that can be driven in a closed loop (fixed outstanding requests) for the sweep. */
export const SWEEPABLE_KINDS: readonly WorkloadKind[] = ['orders', 'http', 'logins', 'registrations'];

export const DEFAULT_ISOLATED = { enabled: true, steps: [1] } as const;

/**
 * `--quick`: a CI-sized run that still drives every workload. Rates and counts are scaled
 * to 10% so short steps settle; each step is 1 s of warm-up and 3 s measured.
 */
export const QUICK = {
  loadScale: 0.1,
  duration: '3s',
  warmup: '1s',
  sweepPointDuration: '1s',
  sweepMaxConcurrency: 128,
} as const;

export const REDACTED = '[redacted]';

export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  'orders',
  'market-data',
  'registrations',
  'logins',
  'sessions',
  'http',
];
