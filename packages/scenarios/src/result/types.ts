/**
 * RunResult v1: the contract between `scenarios` (which measures) and `reporter` (which
 * analyses and renders). Plain JSON, versioned, validated on read. It keeps the raw HDR
 * histograms so a report can be re-rendered, merged or compared without re-running.
 *
 * Units are in the field names or the comments: rates are per second, latencies in
 * milliseconds (floating point), busy time in seconds, sizes in bytes.
 */
import type { ResolvedPlan, WorkloadKind } from '../plan/types.js';

export const RUN_RESULT_SCHEMA_VERSION = 1 as const;

export type RunStatus = 'complete' | 'interrupted' | 'aborted';

export interface RunResult {
  readonly schemaVersion: typeof RUN_RESULT_SCHEMA_VERSION;
  readonly tool: { readonly name: 'headroom'; readonly version: string };
  readonly runId: string;
  /** ISO 8601 */
  readonly startedAt: string;
  /** ISO 8601 */
  readonly finishedAt: string;
  /** 'interrupted' (Ctrl-C) and 'aborted' (target died, fatal error) runs are partial. */
  readonly status: RunStatus;
  /** Why the run is not complete, in words a reader understands; null when complete. */
  readonly statusReason: string | null;
  readonly environment: EnvironmentInfo;
  readonly target: TargetInfo;
  /** The plan as resolved, secrets (tokens, passwords) removed. */
  readonly plan: ResolvedPlan;
  readonly steps: readonly StepResult[];
  /** Closed-loop concurrency sweep for the USL fit; null when the plan skipped it. */
  readonly sweep: SweepResult | null;
  /** Every threshold of the plan, evaluated against what was measured. */
  readonly thresholds: readonly ThresholdOutcome[];
  /** Anything the reader must know that is not a number: skipped workloads, limits hit. */
  readonly warnings: readonly string[];
}

export interface EnvironmentInfo {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpus: number;
  readonly cpuModel: string;
  /** bytes */
  readonly totalMemoryBytes: number;
  readonly hostname: string;
  /** Open-file limit of one generator process. */
  readonly openFileLimit: number | null;
}

export interface TargetInfo {
  readonly kind: 'bundled' | 'url';
  readonly url: string;
  /** Configuration the target reported (for the bundled system: shards, fsync, …). */
  readonly config: Readonly<Record<string, string | number | boolean>>;
  /** Set when the target stopped answering during the run. */
  readonly failure: { readonly atStep: number | null; readonly message: string } | null;
}

export interface LatencySummary {
  readonly count: number;
  /** ms */
  readonly min: number;
  readonly mean: number;
  readonly stddev: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export interface LatencyResult {
  /** Measured from the time each operation was scheduled to start (coordinated-omission free). */
  readonly corrected: LatencySummary;
  /** Measured from the time each operation was actually sent. */
  readonly raw: LatencySummary;
  /**
   * hdr-histogram-js `encodeIntoCompressedBase64` of histograms recorded in microseconds.
   * Empty string when nothing was recorded.
   */
  readonly correctedHistogram: string;
  readonly rawHistogram: string;
}

export interface GeneratorHealth {
  /** Event-loop utilisation of the busiest generator process, 0..1. */
  readonly eventLoopUtilization: number;
  /** ms */
  readonly eventLoopLagP99Ms: number;
  readonly eventLoopLagMaxMs: number;
  /** CPU time of the generator processes / wall time; 1.0 = one core fully used. */
  readonly cpuCores: number;
  /** How late sends went out against their schedule, ms. */
  readonly lateSendP99Ms: number;
  readonly lateSendMaxMs: number;
  readonly processes: number;
  /** True when the generator, not the target, limited this step. */
  readonly bound: boolean;
  /** Why it is generator-bound, one sentence each; empty when not bound. */
  readonly reasons: readonly string[];
}

export interface TimelinePoint {
  /** seconds since the measured part of the step began */
  readonly second: number;
  readonly offered: number;
  readonly achieved: number;
  readonly errors: number;
  /** corrected latency of the operations completed in this second, ms */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface WorkloadStepResult {
  readonly workload: WorkloadKind;
  /** Name from the plan (several workloads of one kind may run). */
  readonly name: string;
  /** What one operation is, e.g. 'orders', 'updates', 'registrations', 'connections'. */
  readonly unit: string;
  /**
   * What the step had to reach, per second (for 'sessions', connections held). Equals
   * baseline × multiplier for the plan row it exercises.
   */
  readonly targetRate: number;
  /** What the generator tried to send (≤ targetRate when capped), per second. */
  readonly offeredRate: number;
  /** Completed successfully, per second (for 'sessions', connections held). */
  readonly achievedRate: number;
  readonly counts: {
    readonly scheduled: number;
    readonly sent: number;
    readonly completed: number;
    readonly errors: number;
    readonly timeouts: number;
  };
  /** Error code (HTTP status, reject code, `ECONNRESET`, `TIMEOUT`, …) → count. */
  readonly errorsByCode: Readonly<Record<string, number>>;
  readonly latency: LatencyResult;
  /**
   * Workload-specific figures. Well-known keys: trades, tradesPerOrder, bytesPerOrder,
   * updatesPerSecond, gaps, conflations, disconnects, connectionsHeld, connectionsTarget,
   * sourceAddresses, peakRatePerSecond.
   */
  readonly measures: Readonly<Record<string, number>>;
  /** Notes specific to this workload and step (e.g. what limited the connections held). */
  readonly notes: readonly string[];
  readonly generator: GeneratorHealth;
  readonly timeline: readonly TimelinePoint[];
}

export interface ResourceDelta {
  /** Resource name from `headroom_resource_busy_seconds_total{resource=…}` */
  readonly resource: string;
  /** seconds busy during the step */
  readonly busySeconds: number;
  /** How many can work at once (`headroom_resource_servers`). */
  readonly servers: number;
}

export interface TargetDeltas {
  /** seconds between the two scrapes */
  readonly wallSeconds: number;
  readonly resources: readonly ResourceDelta[];
  /** `headroom_work_completed_total{work=…}` deltas: orders, trades, md_messages, registrations */
  readonly work: Readonly<Record<string, number>>;
  /** `process_cpu_seconds_total` delta, null when the target does not export it. */
  readonly processCpuSeconds: number | null;
  /** Other gauges read at the end of the step (connections, memory), by metric name. */
  readonly gauges: Readonly<Record<string, number>>;
}

export interface StepResult {
  readonly index: number;
  /**
   * 'mixed': every workload at once, scaled by the step (the realistic day). 'isolated':
   * one workload alone, so its own limits show without the others' interference.
   * Saturation and the target gap read the mixed steps; isolated ones explain them.
   */
  readonly phase: 'mixed' | 'isolated';
  /** Multiple of the baseline, e.g. 5 for the 5x step. */
  readonly multiplier: number;
  /** ISO 8601, start of the measured part */
  readonly startedAt: string;
  /** seconds measured (shorter than planned when interrupted) */
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly status: 'completed' | 'interrupted' | 'failed';
  readonly workloads: readonly WorkloadStepResult[];
  /** null when the target exposes no metrics. */
  readonly target: TargetDeltas | null;
}

export interface SweepPoint {
  /** connections / outstanding requests held constant (closed model) */
  readonly concurrency: number;
  /** completed operations per second */
  readonly throughput: number;
  /** ms */
  readonly meanResponseMs: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly durationSeconds: number;
  /** Resource deltas at this point, for demand-vs-load analysis; null without metrics. */
  readonly target: TargetDeltas | null;
}

export interface SweepResult {
  readonly workload: WorkloadKind;
  readonly points: readonly SweepPoint[];
  /** Why the sweep stopped, e.g. 'throughput stopped growing (3 points within 3%)'. */
  readonly stoppedBecause: string;
}

export interface ThresholdOutcome {
  readonly workload: string;
  /** The step multiplier it was evaluated on. */
  readonly multiplier: number;
  readonly expression: string;
  /** What the expression measured, in its unit (ms, ratio, per second). */
  readonly observed: number;
  readonly limit: number;
  readonly passed: boolean;
  /**
   * False when there was nothing to compare (no operation completed, a measure the
   * workload does not report); such an outcome passes and its message says why.
   */
  readonly evaluated: boolean;
  /** 'plan': written in the plan's thresholds; 'slo': derived from the workload's SLO. */
  readonly source: 'plan' | 'slo';
  /** e.g. 'p(99) was 31.2 ms, limit 25 ms' */
  readonly message: string;
}
