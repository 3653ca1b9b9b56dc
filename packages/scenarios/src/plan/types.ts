/**
 * The resolved capacity plan: every default filled, every value validated, nothing
 * optional. `resolvePlan` is the only place that produces one. It is embedded in every
 * RunResult (with secrets removed), so the reporter can explain what was tested.
 */

export type WorkloadKind = 'orders' | 'market-data' | 'registrations' | 'logins' | 'sessions' | 'http';

/** How arrivals are spaced in the open model. */
export type ArrivalProcess = 'constant' | 'poisson';

/** The current (1x) load of the system under test, from the scalability analysis. */
export interface CapacityBaseline {
  /** Open market-data connections held at once. */
  readonly concurrentUsers: number;
  /** Valid session tokens in use at once. */
  readonly activeSessions: number;
  readonly registrationsPerDay: number;
  /**
   * Peak-hour factor: the busiest hour carries this many times the day's average
   * hourly rate. The registration rate tested is registrationsPerDay / 86,400 × factor.
   */
  readonly registrationPeakFactor: number;
  readonly ordersPerSecond: number;
  readonly tradesPerSecond: number;
  /** Market-data updates published per second (book deltas + trades). */
  readonly marketDataUpdatesPerSecond: number;
  readonly instruments: number;
  /** bytes */
  readonly historicalDataBytes: number;
  /** bytes per day */
  readonly dailyGrowthBytes: number;
  /** The multiplier the plan must reach (10 for "10x"). */
  readonly targetMultiplier: number;
}

export interface Slo {
  /** Acknowledgement / delivery latency p99 the workload must stay under, ms. */
  readonly p99Ms: number;
  /** Fraction of operations allowed to fail (0.001 = 0.1%). */
  readonly errorBudget: number;
  /** Achieved rate must be at least this fraction of the offered rate. */
  readonly minAchievedRatio: number;
}

export interface ThresholdPlan {
  /** The workload it applies to, or '*' for every workload. */
  readonly workload: WorkloadKind | '*';
  /** k6-like expression as written in the plan, e.g. `p(99) < 25ms`. */
  readonly expression: string;
  /** Which steps it gates: 'all', or the multipliers listed. */
  readonly steps: 'all' | readonly number[];
}

export interface BundledTarget {
  readonly kind: 'bundled';
  readonly shards: number;
  readonly fsync: 'always' | 'batch' | 'off';
  readonly instruments: number;
}

export interface UrlTarget {
  readonly kind: 'url';
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  /** Host explicitly allowed although it is not loopback; null when it is loopback. */
  readonly allowHost: string | null;
  readonly metricsPath: string;
}

export type TargetPlan = BundledTarget | UrlTarget;

export interface WorkloadPlanBase {
  readonly kind: WorkloadKind;
  /** Name shown in reports; unique within the plan. */
  readonly name: string;
  readonly arrival: ArrivalProcess;
  readonly slo: Slo;
  /** Per-kind options (see each workload module); always fully resolved. */
  readonly options: Readonly<Record<string, unknown>>;
}

export type WorkloadPlan = WorkloadPlanBase;

export interface SweepPlan {
  readonly enabled: boolean;
  /** The workload driven in a closed loop at 1, 2, 4, … connections. */
  readonly workload: WorkloadKind;
  readonly maxConcurrency: number;
  /** seconds per sweep point */
  readonly pointSeconds: number;
  readonly minPoints: number;
}

export interface ResolvedPlan {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly target: TargetPlan;
  readonly capacity: CapacityBaseline;
  /** Load multipliers of the baseline, e.g. [1, 2, 5, 10]. */
  readonly steps: readonly number[];
  /** Measured seconds per step, after warm-up. */
  readonly durationSeconds: number;
  /** Seconds at the step's rate before measuring starts (excluded from results). */
  readonly warmupSeconds: number;
  readonly workloads: readonly WorkloadPlan[];
  readonly sweep: SweepPlan;
  readonly thresholds: readonly ThresholdPlan[];
}
