/**
 * JSON Schema of RunResult v1 (result/types.ts is the TypeScript side; a test checks that
 * every field of a typed sample is described here). Published as
 * schema/run-result.schema.json. Readers are tolerant: fields added within v1 are allowed,
 * so an older reader still opens a newer file of the same schemaVersion.
 */
import { RUN_RESULT_SCHEMA_VERSION } from './types.js';

type Schema = Record<string, unknown>;

const num = { type: 'number' };
const nonNegative = { type: 'number', minimum: 0 };
const count = { type: 'integer', minimum: 0 };
const str = { type: 'string' };
// `type: [t, 'null']` rather than anyOf: keywords such as `minimum` or `required` apply only
// to their own type, and a wrong value gets one clear error instead of three anyOf ones.
const nullable = (schema: Schema): Schema => ({ ...schema, type: [schema['type'], 'null'] });
const obj = (properties: Schema, description?: string): Schema => ({
  type: 'object',
  ...(description === undefined ? {} : { description }),
  required: Object.keys(properties),
  properties,
});
const list = (items: Schema): Schema => ({ type: 'array', items });
const numbers = { type: 'object', additionalProperties: { type: 'number' } };
const isoTime = { type: 'string', format: 'date-time' };
const kind = { enum: ['orders', 'market-data', 'registrations', 'logins', 'sessions', 'http'] };

const latencySummary = obj(
  {
    count,
    min: nonNegative,
    mean: nonNegative,
    stddev: nonNegative,
    p50: nonNegative,
    p90: nonNegative,
    p99: nonNegative,
    p999: nonNegative,
    max: nonNegative,
  },
  'Latency in ms.',
);

const targetDeltas = obj({
  wallSeconds: nonNegative,
  resources: list(obj({ resource: str, busySeconds: nonNegative, servers: nonNegative })),
  work: numbers,
  processCpuSeconds: nullable(nonNegative),
  gauges: numbers,
});

const generatorHealth = obj({
  eventLoopUtilization: { type: 'number', minimum: 0, maximum: 1 },
  eventLoopLagP99Ms: nonNegative,
  eventLoopLagMaxMs: nonNegative,
  cpuCores: nonNegative,
  lateSendP99Ms: nonNegative,
  lateSendMaxMs: nonNegative,
  processes: count,
  bound: { type: 'boolean' },
  reasons: list(str),
});

const workloadStep = obj({
  workload: kind,
  name: str,
  unit: str,
  targetRate: nonNegative,
  offeredRate: nonNegative,
  achievedRate: nonNegative,
  counts: obj({ scheduled: count, sent: count, completed: count, errors: count, timeouts: count }),
  errorsByCode: { type: 'object', additionalProperties: count },
  latency: obj({
    corrected: latencySummary,
    raw: latencySummary,
    correctedHistogram: str,
    rawHistogram: str,
  }),
  measures: numbers,
  notes: list(str),
  generator: generatorHealth,
  timeline: list(
    obj({
      second: nonNegative,
      offered: nonNegative,
      achieved: nonNegative,
      errors: count,
      p50Ms: nonNegative,
      p99Ms: nonNegative,
    }),
  ),
});

const step = obj({
  index: count,
  phase: { enum: ['mixed', 'isolated'] },
  multiplier: { type: 'number', exclusiveMinimum: 0 },
  startedAt: isoTime,
  durationSeconds: nonNegative,
  warmupSeconds: nonNegative,
  status: { enum: ['completed', 'interrupted', 'failed'] },
  workloads: list(workloadStep),
  target: nullable(targetDeltas),
});

const sweep = obj({
  workload: kind,
  points: list(
    obj({
      concurrency: { type: 'integer', minimum: 1 },
      throughput: nonNegative,
      meanResponseMs: nonNegative,
      p99Ms: nonNegative,
      errors: count,
      durationSeconds: nonNegative,
      target: nullable(targetDeltas),
    }),
  ),
  stoppedBecause: str,
});

const thresholdOutcome = obj({
  workload: str,
  multiplier: num,
  expression: str,
  observed: num,
  limit: num,
  passed: { type: 'boolean' },
  evaluated: { type: 'boolean' },
  source: { enum: ['plan', 'slo'] },
  message: str,
});

const slo = obj({
  p99Ms: nonNegative,
  errorBudget: { type: 'number', minimum: 0, maximum: 1 },
  minAchievedRatio: { type: 'number', minimum: 0, maximum: 1 },
  gate: { type: 'boolean' },
});

/** The resolved plan as embedded (secrets removed). Per-kind options are free-form here. */
const resolvedPlan = obj({
  name: str,
  description: str,
  seed: count,
  // Bundled and URL targets share one description: fields of the other kind are absent.
  target: {
    type: 'object',
    required: ['kind'],
    properties: {
      kind: { enum: ['bundled', 'url'] },
      shards: count,
      fsync: { enum: ['always', 'batch', 'off'] },
      instruments: count,
      url: str,
      allowHost: { type: ['string', 'null'] },
      metricsPath: str,
      adminToken: { type: ['string', 'null'] },
    },
  },
  capacity: obj({
    concurrentUsers: nonNegative,
    activeSessions: nonNegative,
    registrationsPerDay: nonNegative,
    registrationPeakFactor: nonNegative,
    ordersPerSecond: nonNegative,
    tradesPerSecond: nonNegative,
    marketDataUpdatesPerSecond: nonNegative,
    instruments: nonNegative,
    historicalDataBytes: nonNegative,
    dailyGrowthBytes: nonNegative,
    targetMultiplier: nonNegative,
  }),
  steps: list({ type: 'number', exclusiveMinimum: 0 }),
  durationSeconds: nonNegative,
  warmupSeconds: nonNegative,
  workloads: list(
    obj({
      kind,
      name: str,
      arrival: { enum: ['constant', 'poisson'] },
      slo,
      options: { type: 'object' },
      baseline: obj({ value: nonNegative, unit: str, explanation: str }),
    }),
  ),
  sweep: obj({
    enabled: { type: 'boolean' },
    workload: kind,
    workloadName: str,
    maxConcurrency: count,
    pointSeconds: nonNegative,
    minPoints: count,
  }),
  thresholds: list(
    obj({
      workload: str,
      expression: str,
      steps: { anyOf: [{ const: 'all' }, list({ type: 'number' })] },
      source: { enum: ['plan', 'slo'] },
    }),
  ),
  isolated: obj({ enabled: { type: 'boolean' }, workloads: list(str), steps: list({ type: 'number' }) }),
  loadScale: { type: 'number', exclusiveMinimum: 0 },
  quick: { type: 'boolean' },
  source: str,
  notes: list(str),
});

export const RUN_RESULT_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $comment:
    'Generated from packages/scenarios/src/result/run-result-schema.ts by `pnpm schemas`; do not edit.',
  title: 'headroom RunResult',
  description:
    'What one headroom run measured: the contract between the load generator and the reports. Rates per second, latencies in ms, busy time in seconds, sizes in bytes.',
  ...obj({
    schemaVersion: { const: RUN_RESULT_SCHEMA_VERSION },
    tool: obj({ name: { const: 'headroom' }, version: str }),
    runId: { type: 'string', minLength: 1 },
    startedAt: isoTime,
    finishedAt: isoTime,
    status: { enum: ['complete', 'interrupted', 'aborted'] },
    statusReason: nullable(str),
    environment: obj({
      node: str,
      platform: str,
      arch: str,
      cpus: count,
      cpuModel: str,
      totalMemoryBytes: nonNegative,
      hostname: str,
      openFileLimit: nullable(count),
    }),
    target: obj({
      kind: { enum: ['bundled', 'url'] },
      url: str,
      config: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
      failure: nullable(obj({ atStep: nullable(nonNegative), message: str })),
    }),
    plan: resolvedPlan,
    steps: list(step),
    sweep: nullable(sweep),
    thresholds: list(thresholdOutcome),
    warnings: list(str),
  }),
};
