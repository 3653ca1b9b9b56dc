/**
 * One workload behind one interface (k6's executors, STYLE.md §8): the runner drives
 * every workload the same way, and a new workload is one module plus a registry line.
 */
import type { DriverResult } from '../drivers/driver-types.js';
import type { ResolvedPlan, WorkloadKind, WorkloadPlan } from '../plan/types.js';
import type { WorkloadStepResult } from '../result/types.js';

/** Where the target is. */
export interface TargetEndpoint {
  /** e.g. http://127.0.0.1:8080 (no trailing slash) */
  readonly baseUrl: string;
  /** e.g. ws://127.0.0.1:8080/v1/stream */
  readonly streamUrl: string;
  /** Admin token for fixture provisioning; null when the target has none. */
  readonly adminToken: string | null;
}

export interface WorkloadContext {
  readonly plan: ResolvedPlan;
  /** Unique per run; workloads put it in names they create (usernames), so runs never collide. */
  readonly runId: string;
  readonly workload: WorkloadPlan;
  readonly target: TargetEndpoint;
  /** Aborts at once (Ctrl-C, target died); a workload returns what it measured. */
  readonly signal: AbortSignal;
  /** One line of progress for the person watching (stderr). */
  readonly log: (message: string) => void;
}

export interface StepSpec {
  readonly index: number;
  /** Multiple of the plan's baseline for this step, e.g. 5 for 5x. */
  readonly multiplier: number;
  /** seconds of load before measuring */
  readonly warmupSeconds: number;
  /** seconds measured */
  readonly durationSeconds: number;
  /** Live figures while the step runs (about once a second), for progress display. */
  readonly onTick?: (tick: WorkloadTick) => void;
  /** 'mixed': with the other workloads of the plan; 'isolated': alone. */
  readonly phase: 'mixed' | 'isolated';
  /** Kinds of the other workloads running in this step (market data feeds itself without 'orders'). */
  readonly companions: readonly WorkloadKind[];
  /** Called when this workload's measured window begins (after warm-up and connection set-up). */
  readonly onMeasureStart?: () => void;
  /** Called when its measured window ends (before in-flight operations drain). */
  readonly onMeasureEnd?: () => void;
}

export interface WorkloadTick {
  readonly workload: string;
  /** seconds into the measured window (negative during warm-up) */
  readonly second: number;
  readonly offered: number;
  readonly achieved: number;
  readonly errors: number;
  /**
   * ms, p99 of the operations answered in the last second, from when each was handed to
   * its connection: a live indication only (the step's result holds the corrected
   * distribution, from the scheduled time).
   */
  readonly p99Ms: number;
}

export interface Workload {
  readonly kind: WorkloadKind;
  readonly name: string;
  /**
   * Provision what the workload needs before any step (fixture users and sessions,
   * books pre-filled with resting orders). Not measured. Throws a HeadroomError with
   * category 'target' when the target refuses.
   */
  prepare(): Promise<void>;
  /**
   * Optional set-up of one step that takes time (opening and subscribing hundreds of
   * connections), done before any workload of the step starts its clock so that the
   * measured windows of a mixed step line up. The runner awaits it for every workload,
   * then calls runStep with the same spec. Failures are left for runStep to report.
   */
  openStep?(step: StepSpec): Promise<void>;
  /**
   * Drive one step: warm up, then measure `durationSeconds`. Failures of the target
   * (errors, timeouts, refused connections) are counted in the result, never thrown.
   */
  runStep(step: StepSpec): Promise<WorkloadStepResult>;
  /**
   * Closed-loop run at a fixed concurrency for the USL sweep; absent when the workload
   * has no meaningful closed form (market data, sessions).
   */
  readonly sweep?: (
    concurrency: number,
    seconds: number,
    signal: AbortSignal,
    window?: SweepWindow,
  ) => Promise<DriverResult>;
  /** Closes connections and child processes. Safe to call twice. */
  close(): Promise<void>;
}

/** How one sweep point is measured: warm-up and the hooks for the target's metrics snapshots. */
export interface SweepWindow {
  /** seconds @default 1 */
  readonly warmupSeconds?: number;
  readonly onMeasureStart?: () => void;
  readonly onMeasureEnd?: () => void;
}

export type WorkloadFactory = (context: WorkloadContext) => Workload;
