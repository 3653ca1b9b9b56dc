/**
 * Builds RunResults from a compact description, with REAL encoded HDR histograms (values
 * recorded in microseconds, as the measuring code does). Used by the golden-fixture
 * generator, the benchmark and tests that need a run with one property changed.
 * Deterministic: the same seed gives byte-identical output.
 */
import hdr from 'hdr-histogram-js';

import type { Histogram } from 'hdr-histogram-js';

import type {
  LatencySummary,
  StepResult,
  TargetDeltas,
  TimelinePoint,
  WorkloadKind,
  WorkloadStepResult,
} from '@headroom/scenarios';

export type Rng = () => number;

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** value × (1 ± fraction), uniformly */
export function jitter(r: Rng, value: number, fraction: number): number {
  return value * (1 + (2 * r() - 1) * fraction);
}

export interface LatencyShape {
  /** ms */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const Z99 = 2.326;

/**
 * Records `count` log-normally distributed latencies with the given median and p99. At
 * most `samples` distinct draws are made, each recorded with a weight, so ten million
 * values cost no more than a few thousand.
 */
export function latencyHistogram(
  r: Rng,
  count: number,
  shape: LatencyShape,
  samples = 5000,
): { encoded: string; summary: LatencySummary } {
  const histogram = hdr.build({ bitBucketSize: 64, numberOfSignificantValueDigits: 3 });
  try {
    const mu = Math.log(shape.p50Ms * 1000);
    const s = Math.log(shape.p99Ms / shape.p50Ms) / Z99;
    const draws = Math.min(count, samples);
    let left = count;
    for (let i = 0; i < draws; i++) {
      const weight = i === draws - 1 ? left : Math.floor(count / draws);
      left -= weight;
      const us = Math.max(1, Math.round(Math.exp(mu + s * normal(r))));
      if (weight > 0) histogram.recordValueWithCount(us, weight);
    }
    return {
      encoded: count > 0 ? hdr.encodeIntoCompressedBase64(histogram) : '',
      summary: summarise(histogram),
    };
  } finally {
    histogram.destroy();
  }
}

function summarise(h: Histogram): LatencySummary {
  const ms = (us: number): number => us / 1000;
  if (h.totalCount === 0)
    return { count: 0, min: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  return {
    count: h.totalCount,
    min: ms(h.minNonZeroValue),
    mean: ms(h.mean),
    stddev: ms(h.stdDeviation),
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
  };
}

export interface WorkloadSpec {
  readonly name: string;
  readonly kind: WorkloadKind;
  readonly unit: string;
  /** per second (connections for sessions) */
  readonly targetRate: number;
  readonly offeredRate: number;
  readonly achievedRate: number;
  /** corrected latency; raw is drawn with `rawFactor` × these (coordinated omission hides the queueing) */
  readonly latency: LatencyShape;
  readonly rawFactor?: number;
  /** fraction of finished operations that failed */
  readonly errorRate?: number;
  readonly timeoutShare?: number;
  readonly measures?: Readonly<Record<string, number>>;
  readonly notes?: readonly string[];
  /** reasons the generator limited the step; absent when it did not */
  readonly generatorBound?: readonly string[];
  readonly generatorUtilisation?: number;
  /** how many latencies to record; defaults to achieved × duration */
  readonly recorded?: number;
  /** distinct draws recorded (each with a weight) per histogram @default 5000 */
  readonly samples?: number;
}

export function workloadStep(r: Rng, spec: WorkloadSpec, durationSeconds: number): WorkloadStepResult {
  const completed = Math.round(spec.achievedRate * durationSeconds);
  const failedRate = spec.errorRate ?? 0;
  const failed = Math.round((completed * failedRate) / Math.max(1e-9, 1 - failedRate));
  const timeouts = Math.round(failed * (spec.timeoutShare ?? 0));
  const errors = failed - timeouts;
  const recorded = spec.recorded ?? completed;
  const corrected = latencyHistogram(r, recorded, spec.latency, spec.samples);
  const rawFactor = spec.rawFactor ?? 0.9;
  const raw = latencyHistogram(
    r,
    recorded,
    { p50Ms: spec.latency.p50Ms * rawFactor, p99Ms: spec.latency.p99Ms * rawFactor },
    spec.samples,
  );
  const bound = spec.generatorBound !== undefined;
  const scheduled = Math.round(spec.targetRate * durationSeconds);
  const sent = Math.round(spec.offeredRate * durationSeconds);
  return {
    workload: spec.kind,
    name: spec.name,
    unit: spec.unit,
    targetRate: spec.targetRate,
    offeredRate: spec.offeredRate,
    achievedRate: spec.achievedRate,
    counts: { scheduled, sent, completed, errors, timeouts },
    errorsByCode:
      failed > 0
        ? { ...(errors > 0 ? { REJECTED: errors } : {}), ...(timeouts > 0 ? { TIMEOUT: timeouts } : {}) }
        : {},
    latency: {
      corrected: corrected.summary,
      raw: raw.summary,
      correctedHistogram: corrected.encoded,
      rawHistogram: raw.encoded,
    },
    measures: spec.measures ?? {},
    notes: spec.notes ?? [],
    generator: {
      eventLoopUtilization: spec.generatorUtilisation ?? (bound ? 0.99 : 0.35),
      eventLoopLagP99Ms: bound ? 85 : 2.1,
      eventLoopLagMaxMs: bound ? 240 : 6.5,
      cpuCores: bound ? 0.98 : 0.4,
      lateSendP99Ms: bound ? 180 : 0.8,
      lateSendMaxMs: bound ? 420 : 3.2,
      processes: 1,
      bound,
      reasons: spec.generatorBound ?? [],
    },
    timeline: timeline(r, spec, durationSeconds, errors + timeouts),
  };
}

function timeline(r: Rng, spec: WorkloadSpec, seconds: number, failed: number): TimelinePoint[] {
  const n = Math.max(1, Math.round(seconds));
  return Array.from({ length: n }, (_, second) => ({
    second,
    offered: jitter(r, spec.offeredRate, 0.01),
    achieved: jitter(r, spec.achievedRate, 0.04),
    // whole operations: the failures spread over the seconds, the remainder in the first ones
    errors: Math.floor(failed / n) + (second < failed % n ? 1 : 0),
    p50Ms: jitter(r, spec.latency.p50Ms, 0.1),
    p99Ms: jitter(r, spec.latency.p99Ms, 0.25),
  }));
}

export interface ResourceSpec {
  readonly resource: string;
  readonly servers: number;
  /** utilisation 0..1 at this step */
  readonly utilisation: number;
}

export function targetDeltas(
  wallSeconds: number,
  resources: readonly ResourceSpec[],
  work: Readonly<Record<string, number>>,
  processCpuCores: number | null,
): TargetDeltas {
  return {
    wallSeconds,
    resources: resources.map((x) => ({
      resource: x.resource,
      servers: x.servers,
      busySeconds: x.utilisation * x.servers * wallSeconds,
    })),
    work,
    processCpuSeconds: processCpuCores === null ? null : processCpuCores * wallSeconds,
    gauges: { process_resident_memory_bytes: 412_000_000, headroom_open_connections: 0 },
  };
}

export interface StepSpec {
  readonly multiplier: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly status?: StepResult['status'];
  readonly workloads: readonly WorkloadSpec[];
  readonly target: TargetDeltas | null;
}

export function stepResult(r: Rng, index: number, spec: StepSpec, startedAt: Date): StepResult {
  return {
    index,
    phase: 'mixed',
    multiplier: spec.multiplier,
    startedAt: startedAt.toISOString(),
    durationSeconds: spec.durationSeconds,
    warmupSeconds: spec.warmupSeconds,
    status: spec.status ?? 'completed',
    workloads: spec.workloads.map((w) => workloadStep(r, w, spec.durationSeconds)),
    target: spec.target,
  };
}
