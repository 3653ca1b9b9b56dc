/**
 * Structural check of a parsed RunResult v1: every field the analysis and the renderers
 * read, with its type. Returns the problems (empty when it is usable).
 */
import { arrayOf, bool, nullable, num, object, oneOf, recordOf, scalar, str, type Shape } from './shape.js';

export const SUPPORTED_SCHEMA_VERSION = 1;

const latencySummary = object({
  count: num,
  min: num,
  mean: num,
  stddev: num,
  p50: num,
  p90: num,
  p99: num,
  p999: num,
  max: num,
});

const targetDeltas = object({
  wallSeconds: num,
  resources: arrayOf(object({ resource: str, busySeconds: num, servers: num })),
  work: recordOf(num),
  processCpuSeconds: nullable(num),
  gauges: recordOf(num),
});

const workloadStep = object({
  workload: str,
  name: str,
  unit: str,
  targetRate: num,
  offeredRate: num,
  achievedRate: num,
  counts: object({ scheduled: num, sent: num, completed: num, errors: num, timeouts: num }),
  errorsByCode: recordOf(num),
  latency: object({
    corrected: latencySummary,
    raw: latencySummary,
    correctedHistogram: str,
    rawHistogram: str,
  }),
  measures: recordOf(num),
  notes: arrayOf(str),
  generator: object({
    eventLoopUtilization: num,
    eventLoopLagP99Ms: num,
    eventLoopLagMaxMs: num,
    cpuCores: num,
    lateSendP99Ms: num,
    lateSendMaxMs: num,
    processes: num,
    bound: bool,
    reasons: arrayOf(str),
  }),
  timeline: arrayOf(
    object({ second: num, offered: num, achieved: num, errors: num, p50Ms: num, p99Ms: num }),
  ),
});

const plan = object({
  name: str,
  description: str,
  target: object({ kind: oneOf('bundled', 'url') }),
  capacity: object({
    concurrentUsers: num,
    activeSessions: num,
    registrationsPerDay: num,
    registrationPeakFactor: num,
    ordersPerSecond: num,
    tradesPerSecond: num,
    marketDataUpdatesPerSecond: num,
    instruments: num,
    historicalDataBytes: num,
    dailyGrowthBytes: num,
    targetMultiplier: num,
  }),
  steps: arrayOf(num),
  durationSeconds: num,
  warmupSeconds: num,
  workloads: arrayOf(
    object({
      kind: str,
      name: str,
      arrival: str,
      slo: object({ p99Ms: num, errorBudget: num, minAchievedRatio: num }),
      baseline: object({ value: num, unit: str, explanation: str }),
    }),
  ),
  loadScale: num,
  notes: arrayOf(str),
});

const runResult: Shape = object({
  tool: object({ name: str, version: str }),
  runId: str,
  startedAt: str,
  finishedAt: str,
  status: oneOf('complete', 'interrupted', 'aborted'),
  statusReason: nullable(str),
  environment: object({
    node: str,
    platform: str,
    arch: str,
    cpus: num,
    cpuModel: str,
    totalMemoryBytes: num,
    hostname: str,
  }),
  target: object({
    kind: oneOf('bundled', 'url'),
    url: str,
    config: recordOf(scalar),
    failure: nullable(object({ atStep: nullable(num), message: str })),
  }),
  plan,
  steps: arrayOf(
    object({
      index: num,
      multiplier: num,
      startedAt: str,
      durationSeconds: num,
      warmupSeconds: num,
      status: oneOf('completed', 'interrupted', 'failed'),
      workloads: arrayOf(workloadStep),
      target: nullable(targetDeltas),
    }),
  ),
  sweep: nullable(
    object({
      workload: str,
      points: arrayOf(
        object({
          concurrency: num,
          throughput: num,
          meanResponseMs: num,
          p99Ms: num,
          errors: num,
          durationSeconds: num,
          target: nullable(targetDeltas),
        }),
      ),
      stoppedBecause: str,
    }),
  ),
  thresholds: arrayOf(
    object({
      workload: str,
      multiplier: num,
      expression: str,
      observed: num,
      limit: num,
      passed: bool,
      message: str,
    }),
  ),
  warnings: arrayOf(str),
});

/** Problems with `value` as a RunResult v1, each `path: message`; empty when usable. */
export function checkRunResult(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`(root): expected a RunResult object, got ${Array.isArray(value) ? 'an array' : String(value)}`];
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SUPPORTED_SCHEMA_VERSION) {
    const hint =
      typeof version === 'number' && version > SUPPORTED_SCHEMA_VERSION
        ? ' (written by a newer headroom: upgrade to read it)'
        : '';
    return [
      `schemaVersion: expected ${SUPPORTED_SCHEMA_VERSION}, got ${JSON.stringify(version) ?? 'nothing'}${hint}`,
    ];
  }
  const problems: string[] = [];
  runResult(value, '', problems);
  return problems;
}
