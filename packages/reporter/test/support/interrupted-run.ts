/**
 * A partial run against an external HTTP service: no resource metrics, interrupted by
 * Ctrl-C during the 5x step, with a sweep too short for the USL. Exercises every "could
 * not" path of the analysis and the incomplete-run banner.
 */
import type { RunResult, WorkloadPlan } from '@headroom/scenarios';

import { referencePlan } from './reference-plan.js';
import { rng, stepResult, type WorkloadSpec } from './synthetic-run.js';

const HTTP: WorkloadPlan = {
  kind: 'http',
  name: 'checkout-api',
  arrival: 'poisson',
  slo: { p99Ms: 200, errorBudget: 0.01, minAchievedRatio: 0.95, gate: true },
  options: { method: 'POST', url: '/v1/checkout', connections: 32 },
  baseline: {
    value: 400,
    unit: 'requests/s',
    explanation: 'measured peak of the checkout service, March 2026',
  },
};

function http(m: number, achieved: number, p50: number, p99: number, errorRate = 0): WorkloadSpec {
  return {
    name: 'checkout-api',
    kind: 'http',
    unit: 'requests',
    targetRate: 400 * m,
    offeredRate: 400 * m,
    achievedRate: achieved,
    latency: { p50Ms: p50, p99Ms: p99 },
    errorRate,
  };
}

export function interruptedRun(seed = 11): RunResult {
  const r = rng(seed);
  const start = Date.UTC(2026, 2, 15, 14, 0, 0);
  const plan = referencePlan({
    name: 'checkout-service',
    description: 'Checkout API of the shop at 1x–10x of its March peak.',
    target: {
      kind: 'url',
      url: 'http://127.0.0.1:8080',
      allowHost: null,
      metricsPath: '/metrics',
      adminToken: null,
    },
    workloads: [HTTP],
    durationSeconds: 30,
    warmupSeconds: 5,
    sweep: {
      enabled: true,
      workload: 'http',
      workloadName: 'checkout-api',
      maxConcurrency: 8,
      pointSeconds: 5,
      minPoints: 6,
    },
    thresholds: [{ workload: 'checkout-api', expression: 'p(99) < 200ms', steps: 'all', source: 'slo' }],
    source: 'plans/checkout.yaml',
  });
  const steps = [
    stepResult(
      r,
      0,
      {
        multiplier: 1,
        durationSeconds: 30,
        warmupSeconds: 5,
        workloads: [http(1, 399.6, 12, 48)],
        target: null,
      },
      new Date(start),
    ),
    stepResult(
      r,
      1,
      {
        multiplier: 2,
        durationSeconds: 30,
        warmupSeconds: 5,
        workloads: [http(2, 799, 15, 95)],
        target: null,
      },
      new Date(start + 40_000),
    ),
    stepResult(
      r,
      2,
      {
        multiplier: 5,
        durationSeconds: 12.4,
        warmupSeconds: 5,
        status: 'interrupted',
        workloads: [http(5, 1610, 140, 930, 0.03)],
        target: null,
      },
      new Date(start + 80_000),
    ),
  ];
  return {
    schemaVersion: 1,
    tool: { name: 'headroom', version: '0.1.0' },
    runId: 'run-2026-03-15T14-00-00Z-checkout',
    startedAt: new Date(start - 10_000).toISOString(),
    finishedAt: new Date(start + 97_400).toISOString(),
    status: 'interrupted',
    statusReason: 'Interrupted (SIGINT) 12.4 s into the 5x step; the 10x step did not run.',
    environment: {
      node: 'v20.20.0',
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      cpuModel: 'Intel(R) Xeon(R) CPU @ 2.20GHz',
      totalMemoryBytes: 8_340_000_000,
      hostname: 'bench-1',
      openFileLimit: 20_000,
    },
    target: { kind: 'url', url: 'http://127.0.0.1:8080', config: {}, failure: null },
    plan,
    steps,
    sweep: {
      workload: 'http',
      points: [1, 2, 4, 8].map((n) => ({
        concurrency: n,
        throughput: (80 * n) / (1 + 0.1 * (n - 1)),
        meanResponseMs: 12 + n,
        p99Ms: 40 + 5 * n,
        errors: 0,
        durationSeconds: 5,
        target: null,
      })),
      stoppedBecause: 'reached the maximum concurrency (8)',
    },
    thresholds: steps.map((s) => {
      const p99 = s.workloads[0].latency.corrected.p99;
      return {
        workload: 'checkout-api',
        multiplier: s.multiplier,
        expression: 'p(99) < 200ms',
        observed: p99,
        limit: 200,
        passed: p99 < 200,
        evaluated: true,
        source: 'slo' as const,
        message: `p(99) was ${p99.toFixed(1)} ms, limit 200 ms`,
      };
    }),
    warnings: ['The target exports no headroom_resource_* metrics: no bottleneck analysis.'],
  };
}
