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
  /**
   * Achieved rate must be at least this fraction of the step's target rate (the SLO's
   * threshold is `rate >= minAchievedRatio * target`, so a capped offered rate fails too).
   */
  readonly minAchievedRatio: number;
  /** When true, the three SLO figures also become thresholds (source 'slo') that gate the run. */
  readonly gate: boolean;
}

export interface ThresholdPlan {
  /**
   * The workload name it applies to (names default to the kind, so 'orders' usually is
   * both), or '*' for every workload. A name, not a kind: a plan may run two workloads of
   * one kind (two http endpoints) and gate them differently.
   */
  readonly workload: string;
  /** k6-like expression as written in the plan, e.g. `p(99) < 25ms`. */
  readonly expression: string;
  /** Which steps it gates: 'all', or the multipliers listed. */
  readonly steps: 'all' | readonly number[];
  /** 'plan': written in the plan's `thresholds`; 'slo': derived from a workload's `slo`. */
  readonly source: 'plan' | 'slo';
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
  /** Token for the target's admin fixtures route. Secret: `redactPlan` removes it. */
  readonly adminToken: string | null;
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
  /** What 1x means for this workload; a step's target is `baseline.value × multiplier`. */
  readonly baseline: WorkloadBaseline;
}

export type WorkloadPlan = WorkloadPlanBase;

export interface SweepPlan {
  readonly enabled: boolean;
  /** The workload driven in a closed loop at 1, 2, 3, 4, 6, 8, … connections (defaultConcurrencyLevels). */
  readonly workload: WorkloadKind;
  /** The name of the plan workload whose options the sweep uses. */
  readonly workloadName: string;
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
  /** Every gate: the plan's own thresholds, then those derived from each workload's SLO. */
  readonly thresholds: readonly ThresholdPlan[];
  /** Workloads also run one at a time, so per-workload service demands can be measured. */
  readonly isolated: IsolatedRunsPlan;
  /**
   * Factor already applied to every rate and count of `capacity` (not to data volumes):
   * 1 normally, 0.1 in quick mode. Reports state it when it is not 1.
   */
  readonly loadScale: number;
  /** True for `--quick`: short steps, scaled load, no isolated runs. */
  readonly quick: boolean;
  /** Where the plan came from: a file path, 'default', or 'inline'. */
  readonly source: string;
  /** Things resolution decided that a reader should know (e.g. sweep dropped by --workloads). */
  readonly notes: readonly string[];
}

/** What 1x of a workload is and why, so the report can explain the number tested. */
export interface WorkloadBaseline {
  /** per second for rates; connections for 'sessions' */
  readonly value: number;
  /** What one unit is: 'orders/s', 'updates/s', 'registrations/s', 'logins/s', 'connections', 'requests/s'. */
  readonly unit: string;
  /** e.g. '500 registrations/day ÷ 86,400 s × peak-hour factor 10' */
  readonly explanation: string;
}

export interface IsolatedRunsPlan {
  readonly enabled: boolean;
  /** Workload names run alone, in this order. */
  readonly workloads: readonly string[];
  /** Multipliers each of them runs at. */
  readonly steps: readonly number[];
}

/** Order entry: new limit, marketable and cancel orders on Zipf-popular instruments. */
export type OrdersOptions = {
  readonly transport: 'ws' | 'rest';
  /** WebSocket connections (or HTTP connections) orders are spread over. */
  readonly connections: number;
  /** Fractions of new limit, marketable and cancel orders; they sum to 1. */
  readonly mix: { readonly limit: number; readonly marketable: number; readonly cancel: number };
  /** Zipf exponent of instrument popularity (0 = uniform). */
  readonly zipfExponent: number;
  /** Price levels per side pre-filled on every instrument before measuring. */
  readonly prefillLevels: number;
  /** Largest move of an instrument's mid per order, in ticks (random walk). */
  readonly priceWalkTicks: number;
  /** ms before an unanswered order counts as a TIMEOUT error */
  readonly timeoutMs: number;
};

/** Market-data subscribers whose delivery latency, gaps and conflations are measured. */
export type MarketDataOptions = {
  /**
   * Measuring subscriber connections at 1x. The capacity table's concurrent users
   * (5,000 → 50,000) are held open by the sessions workload; these are the ones measured.
   */
  readonly subscribers: number;
  /** When true, subscribers at a step = subscribers × multiplier. */
  readonly scaleWithStep: boolean;
  readonly instrumentsPerSubscriber: number;
  readonly zipfExponent: number;
  readonly channels: readonly ('book' | 'trades')[];
  /** ms to wait for a subscription to be confirmed */
  readonly timeoutMs: number;
};

/** New users through the real password-hashing path. */
export type RegistrationsOptions = {
  readonly usernamePrefix: string;
  readonly passwordLength: number;
  readonly timeoutMs: number;
};

/** Logins of provisioned fixture users through the real password-hashing path. */
export type LoginsOptions = {
  /** seconds a session lives; logins/s at 1x = activeSessions / sessionLifetimeSeconds */
  readonly sessionLifetimeSeconds: number;
  /** Fixture users provisioned to log in as. */
  readonly users: number;
  /** Password of the fixture users. Secret: `redactPlan` removes it. */
  readonly password: string;
  readonly timeoutMs: number;
};

/** Concurrent authenticated connections held open with heartbeats. */
export type SessionsOptions = {
  /** Session tokens provisioned at 1x (scaled by the step), from capacity.activeSessions by default. */
  readonly tokens: number;
  readonly heartbeatSeconds: number;
  /** Loopback source addresses connections are spread over (~28,000 ports each). */
  readonly sourceAddresses: readonly string[];
  /** Connections one generator process holds at most (below its open-file limit). */
  readonly maxConnectionsPerProcess: number;
  /** New connections opened per second while ramping up. */
  readonly connectRatePerSecond: number;
  /** ms to wait for a connection to open and authenticate */
  readonly timeoutMs: number;
};

/** A generic HTTP request at a rate, so any HTTP service can be loaded. */
export type HttpOptions = {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  /** Absolute URL, or a path ('/v1/…') relative to the target's base URL. */
  readonly url: string;
  /** Header templates; values of sensitive headers are removed by `redactPlan`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Body template ({{uuid}}, {{seq}}, {{randomInt 1 100}}, …), or null for no body. */
  readonly body: string | null;
  readonly connections: number;
  /** Status codes that count as success. */
  readonly expectStatus: readonly number[];
  readonly timeoutMs: number;
};

export interface WorkloadOptionsByKind {
  readonly orders: OrdersOptions;
  readonly 'market-data': MarketDataOptions;
  readonly registrations: RegistrationsOptions;
  readonly logins: LoginsOptions;
  readonly sessions: SessionsOptions;
  readonly http: HttpOptions;
}

/** A workload plan with its options typed by kind; `typedWorkload` narrows a WorkloadPlan to it. */
export type TypedWorkloadPlan = {
  [K in WorkloadKind]: WorkloadPlanBase & { readonly kind: K; readonly options: WorkloadOptionsByKind[K] };
}[WorkloadKind];
