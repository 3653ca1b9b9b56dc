/**
 * RunResults for the comparison tests, simulated value by value: every second draws its
 * operations' latencies (log-normal) into a real HDR histogram, and the per-second
 * timeline is computed from that second's own values — so the sampling noise and the
 * per-second wander that compareRuns must see through are really there.
 */
import hdr from 'hdr-histogram-js';

import type { RunResult, StepResult, TimelinePoint, WorkloadStepResult } from '@headroom/scenarios';

import { miniRun, miniStep, miniWorkload } from '../../test/support/minimal-run.js';

export interface SimulatedWorkload {
  readonly name?: string;
  /** per second */
  readonly targetRate: number;
  /** completed per second; defaults to the target rate */
  readonly achievedRate?: number;
  /** ms */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Each second's latencies are scaled by exp(N(0, drift)): a shared, noisy machine. @default 0.02 */
  readonly drift?: number;
  readonly generatorBound?: boolean;
  /** ms the generator's sends went out late at p99 @default 0.5 */
  readonly lateSendP99Ms?: number;
}

export interface SimulatedStep {
  readonly multiplier: number;
  readonly seconds: number;
  readonly workloads: readonly SimulatedWorkload[];
  readonly status?: StepResult['status'];
}

const Z99 = 2.326;

/** mulberry32 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Log-normal latencies (ms) with the given median and p99. */
export function drawLatencies(r: () => number, count: number, p50Ms: number, p99Ms: number): number[] {
  const mu = Math.log(p50Ms);
  const s = Math.log(p99Ms / p50Ms) / Z99;
  return Array.from({ length: count }, () => Math.exp(mu + s * normal(r)));
}

export function encodeLatencies(latenciesMs: readonly number[]): string {
  const h = hdr.build({ bitBucketSize: 32, useWebAssembly: false, numberOfSignificantValueDigits: 3 });
  try {
    for (const ms of latenciesMs) h.recordValue(Math.max(1, Math.round(ms * 1000)));
    return h.totalCount === 0 ? '' : hdr.encodeIntoCompressedBase64(h);
  } finally {
    h.destroy();
  }
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function simulateWorkload(r: () => number, w: SimulatedWorkload, seconds: number): WorkloadStepResult {
  const achieved = w.achievedRate ?? w.targetRate;
  const all: number[] = [];
  const timeline: TimelinePoint[] = [];
  for (let second = 0; second < seconds; second++) {
    // Poisson-ish count around the rate (normal approximation), never negative.
    const count = Math.max(0, Math.round(achieved + Math.sqrt(achieved) * normal(r)));
    const factor = Math.exp((w.drift ?? 0.02) * normal(r));
    const values = drawLatencies(r, count, w.p50Ms * factor, w.p99Ms * factor);
    all.push(...values);
    const sorted = [...values].sort((a, b) => a - b);
    timeline.push({
      second,
      offered: w.targetRate,
      achieved: count,
      errors: 0,
      p50Ms: count > 0 ? quantile(sorted, 0.5) : 0,
      p99Ms: count > 0 ? quantile(sorted, 0.99) : 0,
    });
  }
  const base = miniWorkload({
    name: w.name ?? 'orders',
    target: w.targetRate,
    achieved: all.length / seconds,
    completed: all.length,
    p99: w.p99Ms,
    bound: w.generatorBound ?? false,
  });
  const encoded = encodeLatencies(all);
  return {
    ...base,
    latency: { ...base.latency, correctedHistogram: encoded, rawHistogram: encoded },
    timeline,
    generator: { ...base.generator, lateSendP99Ms: w.lateSendP99Ms ?? base.generator.lateSendP99Ms },
  };
}

export function simulatedRun(
  seed: number,
  steps: readonly SimulatedStep[],
  overrides: Partial<RunResult> = {},
): RunResult {
  const r = rng(seed);
  const results = steps.map((s, index) => ({
    ...miniStep(
      s.multiplier,
      s.workloads.map((w) => simulateWorkload(r, w, s.seconds)),
      null,
      s.status ?? 'completed',
    ),
    index,
    durationSeconds: s.seconds,
  }));
  return miniRun(results, { runId: `simulated-${seed}`, ...overrides });
}
