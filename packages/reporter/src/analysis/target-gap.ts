/**
 * Achieved vs required for every row of the plan's capacity table, at every step and at
 * the target multiplier. A cell meets its row when the workload that exercises it reached
 * the required level (within its SLO's achieved ratio) with its SLO holding.
 */
import type { RunResult, WorkloadKind } from '@headroom/scenarios';

import { formatMultiplier, formatNumber } from '../format.js';
import type { WorkloadSaturation } from './saturation.js';
import type { WorkloadAtStep, WorkloadSeries } from './workload-series.js';

export type GapVerdict = 'meets' | 'misses' | 'not-tested' | 'generator-bound' | 'too-few';

export interface GapCell {
  readonly multiplier: number;
  /** what the row needs at this multiplier, in the row's unit */
  readonly required: number;
  readonly achieved: number | null;
  readonly verdict: GapVerdict;
  /** why, in a short phrase */
  readonly reason: string;
}

export interface TargetRow {
  readonly key: string;
  readonly label: string;
  /** e.g. 'orders/s', 'connections' */
  readonly unit: string;
  /** what 1x means for the row: the capacity table's value, or the workload's own rate (see note) */
  readonly baseline: number;
  /** the workload measured for this row; null when the plan has none */
  readonly workload: string | null;
  /**
   * Where the required levels come from when not the capacity table: the plan gave the
   * workload its own rate, and the row is judged against what was actually targeted.
   * null when the capacity table's values are used.
   */
  readonly note: string | null;
  readonly cells: readonly GapCell[];
  /**
   * The row's verdict at the target multiplier. When the target step itself could not be
   * judged (generator-bound, not tested) but a lower step already missed, it misses: more
   * load does not make a saturated system meet what it missed at less.
   */
  readonly atTarget: { readonly verdict: GapVerdict; readonly reason: string };
}

interface RowSpec {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly kind: WorkloadKind;
  readonly baseline: (run: RunResult) => number;
  /**
   * The row counts what the workload's target rate counts (orders for orders), so a
   * step's targetRate is the row's required level. False for trades: the orders workload
   * targets orders, and trades follow from them.
   */
  readonly targetsRow: boolean;
  /** the measured value at one step, null when the step did not measure it */
  readonly measure: (p: WorkloadAtStep) => number | null;
}

const perSecond = (count: number | undefined, p: WorkloadAtStep): number | null =>
  count === undefined || p.step.durationSeconds <= 0 ? null : count / p.step.durationSeconds;

const ROWS: readonly RowSpec[] = [
  {
    key: 'ordersPerSecond',
    targetsRow: true,
    label: 'Orders',
    unit: 'orders/s',
    kind: 'orders',
    baseline: (r) => r.plan.capacity.ordersPerSecond,
    measure: (p) => p.result.achievedRate,
  },
  {
    key: 'tradesPerSecond',
    targetsRow: false,
    label: 'Trades',
    unit: 'trades/s',
    kind: 'orders',
    baseline: (r) => r.plan.capacity.tradesPerSecond,
    measure: (p) =>
      p.step.target?.work.trades !== undefined && p.step.target.wallSeconds > 0
        ? p.step.target.work.trades / p.step.target.wallSeconds
        : (perSecond(p.result.measures.trades, p) ??
          (p.result.measures.tradesPerOrder !== undefined
            ? p.result.measures.tradesPerOrder * p.result.achievedRate
            : null)),
  },
  {
    key: 'marketDataUpdatesPerSecond',
    targetsRow: true,
    label: 'Market-data updates (published)',
    unit: 'updates/s',
    kind: 'market-data',
    baseline: (r) => r.plan.capacity.marketDataUpdatesPerSecond,
    measure: (p) => p.result.measures.updatesPerSecond ?? p.result.achievedRate,
  },
  {
    key: 'concurrentUsers',
    targetsRow: true,
    label: 'Concurrent users (open connections)',
    unit: 'connections',
    kind: 'sessions',
    baseline: (r) => r.plan.capacity.concurrentUsers,
    measure: (p) => p.result.measures.connectionsHeld ?? p.result.achievedRate,
  },
  {
    key: 'activeSessions',
    targetsRow: true,
    label: 'Active sessions',
    unit: 'sessions',
    kind: 'sessions',
    baseline: (r) => r.plan.capacity.activeSessions,
    measure: (p) => p.result.measures.connectionsHeld ?? p.result.achievedRate,
  },
  {
    key: 'registrationsPeak',
    targetsRow: true,
    label: 'Registrations (peak rate)',
    unit: 'registrations/s',
    kind: 'registrations',
    baseline: (r) => (r.plan.capacity.registrationsPerDay / 86_400) * r.plan.capacity.registrationPeakFactor,
    measure: (p) => p.result.achievedRate,
  },
];

export function columnsOf(run: RunResult): number[] {
  return [
    ...new Set([
      ...run.plan.steps,
      ...run.steps.map((s) => s.multiplier),
      run.plan.capacity.targetMultiplier,
    ]),
  ].sort((a, b) => a - b);
}

export function analyzeTargetGap(
  run: RunResult,
  series: readonly WorkloadSeries[],
  saturation: readonly WorkloadSaturation[],
): TargetRow[] {
  const columns = columnsOf(run);
  const rows = ROWS.map((spec): TargetRow => {
    const capacityBaseline = spec.baseline(run);
    const s = workloadFor(run, series, spec, capacityBaseline);
    const sat = s ? saturation.find((x) => x.workload === s.name) : undefined;
    const own = s && spec.targetsRow ? ownRate(run, s.name, capacityBaseline, spec.unit) : null;
    const baseline = own?.baseline ?? capacityBaseline;
    const cells = columns.map((m): GapCell => {
      const point = s?.points.find((p) => p.step.multiplier === m);
      // What the step actually targeted, when the plan set the workload's rate itself.
      const required = own && point ? point.result.targetRate : baseline * m;
      if (!s || !point)
        return {
          multiplier: m,
          required,
          achieved: null,
          verdict: 'not-tested',
          reason: s ? 'step not run' : 'no workload of the plan tests this row',
        };
      const achieved = spec.measure(point);
      const check = sat?.steps.find((c) => c.multiplier === m);
      if (achieved === null)
        return {
          multiplier: m,
          required,
          achieved,
          verdict: 'not-tested',
          reason: 'not measured at this step',
        };
      if (check?.verdict === 'generator-bound')
        return {
          multiplier: m,
          required,
          achieved,
          verdict: 'generator-bound',
          reason: 'the load generator, not the system, limited this step',
        };
      if (check?.verdict === 'too-few')
        return {
          multiplier: m,
          required,
          achieved,
          verdict: 'too-few',
          reason: `too few operations to judge (${formatNumber(check.expectedOperations ?? 0)} expected in the step)`,
        };
      const short = achieved < required * s.slo.minAchievedRatio;
      if (short)
        return {
          multiplier: m,
          required,
          achieved,
          verdict: 'misses',
          reason: `reached ${formatNumber(achieved)} of ${formatNumber(required)} ${spec.unit}`,
        };
      if (check?.verdict === 'fails')
        return { multiplier: m, required, achieved, verdict: 'misses', reason: check.violations.join('; ') };
      return { multiplier: m, required, achieved, verdict: 'meets', reason: 'reached within SLO' };
    });
    return {
      key: spec.key,
      label: spec.label,
      unit: spec.unit,
      baseline,
      workload: s?.name ?? null,
      note: own?.note ?? null,
      cells,
      atTarget: verdictAtTarget(cells, run),
    };
  });
  rows.push(instrumentsRow(run, columns));
  return rows;
}

/**
 * The workload measuring a row: of the workloads of the row's kind, the one whose 1x
 * (its plan baseline) is the row's 1x — the sessions workload may hold either the
 * concurrent users or the active sessions of the plan, and only that row is tested.
 */
function workloadFor(
  run: RunResult,
  series: readonly WorkloadSeries[],
  spec: RowSpec,
  baseline: number,
): WorkloadSeries | undefined {
  const ofKind = series.filter((w) => w.kind === spec.kind);
  const matching = ofKind.filter((w) => {
    const planned = run.plan.workloads.find((p) => p.name === w.name);
    return planned !== undefined && Math.abs(planned.baseline.value - baseline) <= 0.01 * baseline;
  });
  if (matching.length > 0) return matching.find((w) => w.points.length > 0) ?? matching[0];
  // Rows whose kind has exactly one meaning are matched by kind alone.
  const ambiguous = spec.kind === 'sessions';
  return ambiguous ? undefined : (ofKind.find((w) => w.points.length > 0) ?? ofKind[0]);
}

/**
 * The workload's own 1x when the plan set its rate (e.g. `ratePerSecond`) and it differs
 * from the capacity table's by more than 1%; null when the capacity table's value applies.
 */
function ownRate(
  run: RunResult,
  workload: string,
  capacityBaseline: number,
  unit: string,
): { baseline: number; note: string } | null {
  const planned = run.plan.workloads.find((p) => p.name === workload);
  if (!planned) return null;
  const value = planned.baseline.value;
  if (Math.abs(value - capacityBaseline) <= 0.01 * Math.max(value, capacityBaseline)) return null;
  return {
    baseline: value,
    note: `Judged against the rate ${workload} actually targeted (${planned.baseline.explanation}), not the capacity table's ${formatNumber(capacityBaseline)} ${unit}.`,
  };
}

/** Instruments are configured, not driven: the row meets a step when the target holds that many. */
function instrumentsRow(run: RunResult, columns: readonly number[]): TargetRow {
  const configured =
    run.target.config.instruments ??
    (run.plan.target.kind === 'bundled' ? run.plan.target.instruments : undefined);
  const held = typeof configured === 'number' ? configured : null;
  const baseline = run.plan.capacity.instruments;
  const cells = columns.map((m): GapCell => {
    const required = baseline * m;
    if (held === null)
      return {
        multiplier: m,
        required,
        achieved: null,
        verdict: 'not-tested',
        reason: 'the target did not report its instrument count',
      };
    const ran = run.steps.some((s) => s.multiplier === m);
    if (held >= required && ran)
      return {
        multiplier: m,
        required,
        achieved: held,
        verdict: 'meets',
        reason: `the target held ${formatNumber(held)} instruments during the step`,
      };
    return {
      multiplier: m,
      required,
      achieved: held,
      verdict: 'not-tested',
      reason: `the target was configured with ${formatNumber(held)} instruments`,
    };
  });
  return {
    key: 'instruments',
    label: 'Instruments',
    unit: 'instruments',
    baseline,
    workload: null,
    note: null,
    cells,
    atTarget: verdictAtTarget(cells, run),
  };
}

function verdictAtTarget(cells: readonly GapCell[], run: RunResult): TargetRow['atTarget'] {
  const t = run.plan.capacity.targetMultiplier;
  const cell = cells.find((c) => c.multiplier === t)!;
  if (cell.verdict === 'meets' || cell.verdict === 'misses')
    return { verdict: cell.verdict, reason: cell.reason };
  const missed = cells.find((c) => c.multiplier < t && c.verdict === 'misses');
  if (missed)
    return {
      verdict: 'misses',
      reason: `missed already at ${formatMultiplier(missed.multiplier)} (${missed.reason})`,
    };
  return { verdict: cell.verdict, reason: cell.reason };
}
