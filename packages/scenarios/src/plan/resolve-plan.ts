/**
 * `resolvePlan`: the one place a plan input becomes a ResolvedPlan. It applies the CLI
 * overrides, validates everything (throwing one PlanError with every problem), fills every
 * default from defaults.ts and returns a deep-frozen plan with no optional fields.
 */
import {
  DEFAULT_BUNDLED_TARGET,
  DEFAULT_CAPACITY,
  DEFAULT_ISOLATED,
  DEFAULT_METRICS_PATH,
  DEFAULT_PLAN_FIELDS,
  DEFAULT_SWEEP,
  DEFAULT_WORKLOADS,
  QUICK,
  SWEEPABLE_KINDS,
} from './defaults.js';
import { concurrencyForPoints } from '../sweep/concurrency-levels.js';
import { deepFreeze } from './deep-freeze.js';
import { applyOverrides, type PlanOverrides } from './overrides.js';
import type { PlanInput, TargetInput } from './plan-input.js';
import { NO_LOCATOR, type PlanLocator } from './plan-source.js';
import { fmt, resolveWorkload, seconds } from './resolve-workload.js';
import type {
  CapacityBaseline,
  ResolvedPlan,
  SweepPlan,
  TargetPlan,
  ThresholdPlan,
  TypedWorkloadPlan,
} from './types.js';
import { isLoopbackHost, parseSize } from './units.js';
import { validatePlanInput } from './validate-plan.js';

export interface ResolveOptions {
  /** Plan file the input came from, named in errors and recorded as the plan's source. */
  readonly file?: string;
  readonly overrides?: PlanOverrides;
  /** Where the input came from when not a file: 'default' or 'inline' (the default). */
  readonly source?: string;
  /** @internal positions of the input's values (set by loadPlan for YAML files) */
  readonly locator?: PlanLocator;
}

export function resolvePlan(input: unknown, options: ResolveOptions = {}): ResolvedPlan {
  const applied = applyOverrides(input ?? {}, options.overrides);
  const plan = validatePlanInput(applied.input, {
    locator: options.locator ?? NO_LOCATOR,
    flags: applied.flags,
    flagIssues: applied.flagIssues,
    file: options.file ?? null,
    selection: applied.selection,
    stepsFromFlag: options.overrides?.steps !== undefined,
  });
  const quick = options.overrides?.quick === true;
  const notes: string[] = [];
  const loadScale = (plan.loadScale ?? DEFAULT_PLAN_FIELDS.loadScale) * (quick ? QUICK.loadScale : 1);
  if (quick)
    notes.push(
      `quick run: rates and counts scaled to ${fmt(QUICK.loadScale * 100)}% and steps shortened; not a capacity verdict`,
    );
  else if (loadScale !== 1)
    notes.push(`load scaled by ${fmt(loadScale)}: every rate and count of the capacity table`);

  const capacity = resolveCapacity(plan);
  const selected = (plan.workloads ?? DEFAULT_WORKLOADS.map((kind) => ({ kind })))
    .map((w) => resolveWorkload(w, { capacity, loadScale }))
    .filter((w) => applied.selection === null || applied.selection.includes(w.name));
  const names = selected.map((w) => w.name);
  const steps = plan.steps ?? [...DEFAULT_PLAN_FIELDS.steps];
  const flagDuration = options.overrides?.duration !== undefined;
  const flagWarmup = options.overrides?.warmup !== undefined;

  return deepFreeze({
    name: plan.name ?? DEFAULT_PLAN_FIELDS.name,
    description: plan.description ?? (plan.name === undefined ? DEFAULT_PLAN_FIELDS.description : ''),
    seed: plan.seed ?? DEFAULT_PLAN_FIELDS.seed,
    target: resolveTarget(plan.target, capacity),
    capacity: scaleCapacity(capacity, loadScale),
    steps,
    durationSeconds: seconds(
      quick && !flagDuration ? QUICK.duration : (plan.duration ?? DEFAULT_PLAN_FIELDS.duration),
    ),
    warmupSeconds: seconds(quick && !flagWarmup ? QUICK.warmup : (plan.warmup ?? DEFAULT_PLAN_FIELDS.warmup)),
    workloads: selected,
    sweep: resolveSweep(plan, selected, quick, notes),
    thresholds: resolveThresholds(plan, selected, steps, notes),
    isolated: {
      enabled: !quick && (plan.isolated?.enabled ?? DEFAULT_ISOLATED.enabled),
      workloads: (plan.isolated?.workloads ?? names).filter((n) => names.includes(n)),
      steps: plan.isolated?.steps ?? [...DEFAULT_ISOLATED.steps],
    },
    loadScale,
    quick,
    source: options.file ?? options.source ?? 'inline',
    notes,
  });
}

function resolveCapacity(plan: PlanInput): CapacityBaseline {
  const c = { ...DEFAULT_CAPACITY, ...plan.capacity };
  const bytes = (value: string | number): number => {
    const parsed = parseSize(value);
    if (!parsed.ok) throw new Error(`unvalidated size reached resolution: ${parsed.message}`);
    return parsed.value;
  };
  return {
    concurrentUsers: c.concurrentUsers,
    activeSessions: c.activeSessions,
    registrationsPerDay: c.registrationsPerDay,
    registrationPeakFactor: c.registrationPeakFactor,
    ordersPerSecond: c.ordersPerSecond,
    tradesPerSecond: c.tradesPerSecond,
    marketDataUpdatesPerSecond: c.marketDataUpdatesPerSecond,
    instruments: c.instruments,
    historicalDataBytes: bytes(c.historicalData),
    dailyGrowthBytes: bytes(c.dailyGrowth),
    targetMultiplier: c.targetMultiplier,
  };
}

/** Load (rates, connection and session counts) scales; the instrument universe and data volumes do not. */
function scaleCapacity(c: CapacityBaseline, scale: number): CapacityBaseline {
  if (scale === 1) return c;
  const count = (n: number): number => (n === 0 ? 0 : Math.max(1, Math.round(n * scale)));
  return {
    ...c,
    concurrentUsers: count(c.concurrentUsers),
    activeSessions: count(c.activeSessions),
    registrationsPerDay: c.registrationsPerDay * scale,
    ordersPerSecond: c.ordersPerSecond * scale,
    tradesPerSecond: c.tradesPerSecond * scale,
    marketDataUpdatesPerSecond: c.marketDataUpdatesPerSecond * scale,
  };
}

function resolveTarget(target: TargetInput | undefined, capacity: CapacityBaseline): TargetPlan {
  if (target === undefined || target.kind === 'bundled') {
    return {
      kind: 'bundled',
      shards: target?.shards ?? DEFAULT_BUNDLED_TARGET.shards,
      fsync: target?.fsync ?? DEFAULT_BUNDLED_TARGET.fsync,
      instruments: target?.instruments ?? capacity.instruments,
    };
  }
  const url = new URL(target.url);
  return {
    kind: 'url',
    url: target.url.replace(/\/+$/, ''),
    allowHost: isLoopbackHost(url.hostname) ? null : (target.allowHost ?? null),
    metricsPath: target.metricsPath ?? DEFAULT_METRICS_PATH,
    adminToken: target.adminToken ?? null,
  };
}

function resolveSweep(
  plan: PlanInput,
  workloads: readonly TypedWorkloadPlan[],
  quick: boolean,
  notes: string[],
): SweepPlan {
  const input = plan.sweep ?? {};
  const sweepable = workloads.filter((w) => SWEEPABLE_KINDS.includes(w.kind));
  const wanted =
    input.workload ??
    (sweepable.some((w) => w.name === DEFAULT_SWEEP.workload) ? DEFAULT_SWEEP.workload : sweepable[0]?.name);
  const chosen = workloads.find((w) => w.name === wanted);
  let enabled = input.enabled ?? DEFAULT_SWEEP.enabled;
  if (enabled && chosen === undefined) {
    enabled = false;
    notes.push(
      wanted === undefined
        ? `concurrency sweep skipped: no selected workload runs in a closed loop (kinds that do: ${SWEEPABLE_KINDS.join(', ')})`
        : `concurrency sweep skipped: its workload '${wanted}' is not selected`,
    );
  }
  const minPoints = input.minPoints ?? DEFAULT_SWEEP.minPoints;
  let maxConcurrency = input.maxConcurrency ?? DEFAULT_SWEEP.maxConcurrency;
  // Quick runs stop at 128 unless that would leave fewer points than minPoints.
  if (quick)
    maxConcurrency = Math.max(
      Math.min(maxConcurrency, QUICK.sweepMaxConcurrency),
      concurrencyForPoints(minPoints),
    );
  return {
    enabled,
    workload: chosen?.kind ?? 'orders',
    workloadName: chosen?.name ?? wanted ?? DEFAULT_SWEEP.workload,
    maxConcurrency,
    pointSeconds: seconds(
      quick ? QUICK.sweepPointDuration : (input.pointDuration ?? DEFAULT_SWEEP.pointDuration),
    ),
    minPoints,
  };
}

function resolveThresholds(
  plan: PlanInput,
  workloads: readonly TypedWorkloadPlan[],
  steps: readonly number[],
  notes: string[],
): ThresholdPlan[] {
  const names = new Set(workloads.map((w) => w.name));
  const out: ThresholdPlan[] = [];
  for (const [workload, entries] of Object.entries(plan.thresholds ?? {})) {
    if (workload !== '*' && !names.has(workload)) continue; // dropped by --workloads
    for (const entry of entries) {
      const expression = (typeof entry === 'string' ? entry : entry.threshold).trim();
      const only = typeof entry === 'string' ? undefined : entry.steps;
      const kept = only?.filter((s) => steps.includes(s));
      if (kept !== undefined && kept.length === 0) {
        notes.push(
          `threshold '${expression}' on ${workload} skipped: none of its steps (${only?.join(', ')}) is run`,
        );
        continue;
      }
      out.push({ workload, expression, steps: kept ?? 'all', source: 'plan' });
    }
  }
  for (const w of workloads) {
    if (!w.slo.gate) continue;
    const p99 = exact(w.slo.p99Ms);
    out.push({ workload: w.name, expression: `p(99) < ${p99}ms`, steps: 'all', source: 'slo' });
    out.push({
      workload: w.name,
      expression: `errors <= ${exact(w.slo.errorBudget * 100)}%`,
      steps: 'all',
      source: 'slo',
    });
    out.push({
      workload: w.name,
      expression: `rate >= ${exact(w.slo.minAchievedRatio)} * target`,
      steps: 'all',
      source: 'slo',
    });
  }
  return out;
}

/** A number as threshold syntax accepts it, without float noise (0.1 not 0.10000000000000002). */
function exact(value: number): string {
  const text = String(Number(value.toPrecision(12)));
  return text.includes('e') ? value.toFixed(15).replace(/\.?0+$/, '') : text;
}
