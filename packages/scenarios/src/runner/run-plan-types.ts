/**
 * What `runPlan` takes and reports while it works. The CLI (`headroom run`) starts or
 * finds the target, calls `runPlan`, then hands the RunResult to the reporter.
 */
import type { ResolvedPlan } from '../plan/types.js';
import type { RunResult, StepResult, SweepPoint } from '../result/types.js';
import type { TargetEndpoint, WorkloadTick } from '../workloads/workload.js';

export interface RunPlanOptions {
  readonly plan: ResolvedPlan;
  readonly target: TargetEndpoint;
  /** What the target says about itself (bundled system: shards, fsync, …); goes into RunResult.target.config. */
  readonly targetConfig?: Readonly<Record<string, string | number | boolean>>;
  /** Ctrl-C: stop the load at once and return a RunResult marked 'interrupted'. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
  /**
   * Polled during the run (every 250 ms): false means the target is gone (the bundled
   * system's process exited), and the run ends 'aborted'.
   */
  readonly isTargetAlive?: () => boolean;
  /** @default a new one (time-stamped, unique) */
  readonly runId?: string;
  /** Version recorded in RunResult.tool. @default the version of @headroom/scenarios */
  readonly toolVersion?: string;
}

export type ProgressEvent =
  | { readonly type: 'prepare'; readonly workload: string; readonly message: string }
  | {
      readonly type: 'step-start';
      readonly phase: 'mixed' | 'isolated';
      readonly index: number;
      readonly multiplier: number;
      readonly workloads: readonly string[];
      /** seconds left in the whole run, estimated */
      readonly secondsLeft: number;
    }
  | ({
      readonly type: 'tick';
      readonly index: number;
      readonly multiplier: number;
      readonly secondsLeft: number;
    } & WorkloadTick)
  | { readonly type: 'step-end'; readonly step: StepResult; readonly secondsLeft: number }
  | { readonly type: 'sweep-point'; readonly point: SweepPoint; readonly secondsLeft: number }
  | { readonly type: 'warning'; readonly message: string }
  /** A workload's own progress line while steps run (connections opened, limits met). */
  | { readonly type: 'log'; readonly workload: string; readonly message: string };

export type RunPlan = (options: RunPlanOptions) => Promise<RunResult>;
