/**
 * A small but complete RunResult, built from real parts (the default plan resolved and
 * redacted, real HDR histograms encoded), for tests of validation, I/O and thresholds.
 * Typed as RunResult, so a field added to the contract without a value here fails to
 * compile, and the schema test then checks the schema describes it.
 */
import hdr from 'hdr-histogram-js';

import { defaultPlan } from '../plan/load-plan.js';
import { redactPlan } from '../plan/redact-plan.js';
import type { LatencySummary, RunResult, StepResult, WorkloadStepResult } from './types.js';

/** Records latencies (ms) into a histogram in µs and returns its summary and encoding. */
export function recordLatencies(latenciesMs: readonly number[]): {
  summary: LatencySummary;
  encoded: string;
} {
  const histogram = hdr.build({
    bitBucketSize: 32,
    useWebAssembly: false,
    numberOfSignificantValueDigits: 3,
  });
  try {
    for (const ms of latenciesMs) histogram.recordValue(Math.round(ms * 1000));
    const at = (p: number): number => histogram.getValueAtPercentile(p) / 1000;
    const summary: LatencySummary = {
      count: histogram.totalCount,
      min: histogram.totalCount === 0 ? 0 : histogram.minNonZeroValue / 1000,
      mean: histogram.totalCount === 0 ? 0 : histogram.mean / 1000,
      stddev: histogram.totalCount === 0 ? 0 : histogram.stdDeviation / 1000,
      p50: at(50),
      p90: at(90),
      p99: at(99),
      p999: at(99.9),
      max: histogram.maxValue / 1000,
    };
    return { summary, encoded: histogram.totalCount === 0 ? '' : hdr.encodeIntoCompressedBase64(histogram) };
  } finally {
    histogram.destroy();
  }
}

export interface SampleWorkloadOptions {
  readonly name?: string;
  readonly latenciesMs?: readonly number[];
  readonly targetRate?: number;
  readonly offeredRate?: number;
  readonly achievedRate?: number;
  readonly completed?: number;
  readonly errors?: number;
  readonly measures?: Readonly<Record<string, number>>;
  readonly generatorBound?: boolean;
}

export function sampleWorkloadStep(options: SampleWorkloadOptions = {}): WorkloadStepResult {
  const latencies = options.latenciesMs ?? Array.from({ length: 1000 }, (_, i) => 1 + (i % 100) / 10);
  const corrected = recordLatencies(latencies);
  const raw = recordLatencies(latencies.map((ms) => ms / 2));
  const completed = options.completed ?? latencies.length;
  const errors = options.errors ?? 0;
  return {
    workload: 'orders',
    name: options.name ?? 'orders',
    unit: 'orders',
    targetRate: options.targetRate ?? 2000,
    offeredRate: options.offeredRate ?? 2000,
    achievedRate: options.achievedRate ?? 1995,
    counts: { scheduled: completed + errors, sent: completed + errors, completed, errors, timeouts: 0 },
    errorsByCode: errors > 0 ? { OVERLOADED: errors } : {},
    latency: {
      corrected: corrected.summary,
      raw: raw.summary,
      correctedHistogram: corrected.encoded,
      rawHistogram: raw.encoded,
    },
    measures: options.measures ?? { trades: 500, tradesPerOrder: 0.5 },
    notes: [],
    generator: {
      eventLoopUtilization: 0.4,
      eventLoopLagP99Ms: 2.1,
      eventLoopLagMaxMs: 5.5,
      cpuCores: 0.6,
      lateSendP99Ms: 0.3,
      lateSendMaxMs: 1.2,
      processes: 1,
      bound: options.generatorBound ?? false,
      reasons: options.generatorBound === true ? ['sends were 40 ms late at p99 against schedule'] : [],
    },
    timeline: [{ second: 0, offered: 2000, achieved: 1995, errors: 0, p50Ms: 5, p99Ms: 9.9 }],
  };
}

export function sampleStep(multiplier: number, workloads: readonly WorkloadStepResult[]): StepResult {
  return {
    index: 0,
    phase: 'mixed',
    multiplier,
    startedAt: '2025-01-31T12:00:00.000Z',
    durationSeconds: 30,
    warmupSeconds: 5,
    status: 'completed',
    workloads,
    target: {
      wallSeconds: 30,
      resources: [{ resource: 'gateway-loop', busySeconds: 12.5, servers: 1 }],
      work: { orders: 59_850 },
      processCpuSeconds: 20.1,
      gauges: { ws_connections: 16 },
    },
  };
}

export function sampleRunResult(): RunResult {
  return {
    schemaVersion: 1,
    tool: { name: 'headroom', version: '0.1.0' },
    runId: 'run-2025-01-31T12-00-00Z',
    startedAt: '2025-01-31T12:00:00.000Z',
    finishedAt: '2025-01-31T12:01:00.000Z',
    status: 'complete',
    statusReason: null,
    environment: {
      node: 'v20.20.0',
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      cpuModel: 'test cpu',
      totalMemoryBytes: 8e9,
      hostname: 'test',
      openFileLimit: 20_000,
    },
    target: {
      kind: 'bundled',
      url: 'http://127.0.0.1:40123',
      config: { shards: 1, fsync: 'batch' },
      failure: null,
    },
    plan: redactPlan(defaultPlan()),
    steps: [sampleStep(1, [sampleWorkloadStep()])],
    sweep: {
      workload: 'orders',
      points: [
        {
          concurrency: 1,
          throughput: 900,
          meanResponseMs: 1.1,
          p99Ms: 2.5,
          errors: 0,
          durationSeconds: 5,
          target: null,
        },
      ],
      stoppedBecause: 'throughput stopped growing (3 points within 3%)',
    },
    thresholds: [
      {
        workload: 'orders',
        multiplier: 1,
        expression: 'p(99) < 25ms',
        observed: 9.9,
        limit: 25,
        passed: true,
        evaluated: true,
        source: 'slo',
        message: 'p(99) was 9.9 ms, limit 25 ms',
      },
    ],
    warnings: [],
  };
}
