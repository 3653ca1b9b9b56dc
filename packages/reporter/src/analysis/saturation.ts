/**
 * Where each workload saturates. The primary answer is the SLO crossing: the highest step
 * whose latency SLO, error budget and achieved/target ratio all hold (with every lower
 * step holding too). Two secondary signals describe the shape of the curve: whether
 * throughput stopped growing with offered load, and the knee of that curve.
 *
 * Generator-bound steps say nothing about the system, so they are excluded from every
 * judgement here and listed by name instead.
 */
import type { LatencySummary, Slo } from '@headroom/scenarios';

import { formatMs, formatPercent } from '../format.js';
import { achievedRatio, errorRate, type WorkloadSeries } from './workload-series.js';

/**
 * 'too-few': the step expected too few operations (rate × duration) for its latency
 * percentiles or its achieved/target ratio to mean anything — one Poisson arrival more or
 * less moves the ratio by 20% or more. Like generator-bound steps, it is left out of the
 * judgements; only a failed step or an error still fails it.
 */
export type StepVerdict = 'holds' | 'fails' | 'generator-bound' | 'too-few';

/** Below this many expected operations in a step, its rate and latency are not judged. */
export const MIN_EXPECTED_OPERATIONS = 5;

/** Operations the step should have carried: its target rate × measured seconds; null for held connections. */
export function expectedOperations(point: WorkloadSeries['points'][number]): number | null {
  if (point.result.workload === 'sessions') return null;
  return point.result.targetRate * point.step.durationSeconds;
}

const isJudged = (s: StepCheck): boolean => s.verdict !== 'generator-bound' && s.verdict !== 'too-few';

export interface StepCheck {
  readonly multiplier: number;
  readonly verdict: StepVerdict;
  /** corrected p99, ms */
  readonly p99Ms: number;
  /** the step's corrected latency summary, ms */
  readonly latency: LatencySummary;
  readonly errorRate: number;
  readonly achievedRatio: number;
  readonly offeredRate: number;
  readonly achievedRate: number;
  /** What broke the SLO, one phrase each; empty when it holds. */
  readonly violations: readonly string[];
  /** Why the generator limited the step; empty unless generator-bound. */
  readonly generatorReasons: readonly string[];
  /** The step was cut short (interrupt) or the target failed during it. */
  readonly partial: boolean;
  /** target rate × measured seconds; null for held connections ('sessions') */
  readonly expectedOperations: number | null;
}

export interface ThroughputPlateau {
  readonly fromMultiplier: number;
  readonly toMultiplier: number;
  /** fractional growth between the two steps, e.g. 1.5 = +150% */
  readonly offeredGrowth: number;
  readonly achievedGrowth: number;
}

export interface Knee {
  readonly multiplier: number;
  /** per second */
  readonly offeredRate: number;
  readonly achievedRate: number;
}

export interface WorkloadSaturation {
  readonly workload: string;
  readonly kind: string;
  readonly unit: string;
  readonly slo: Slo;
  readonly steps: readonly StepCheck[];
  /** Highest multiplier that holds with every lower evaluated step holding; null if even the first fails. */
  readonly sustainedMultiplier: number | null;
  /** achieved rate at the sustained step, per second */
  readonly sustainedRate: number | null;
  /** The first evaluated step that fails: the SLO crossing. */
  readonly crossing: { readonly multiplier: number; readonly violations: readonly string[] } | null;
  readonly plateau: ThroughputPlateau | null;
  readonly knee: Knee | null;
  readonly peak: { readonly multiplier: number; readonly achievedRate: number } | null;
  /** multipliers left out as generator-bound */
  readonly generatorBound: readonly number[];
  /** multipliers left out because they expected too few operations to judge */
  readonly tooFew: readonly number[];
  /** Steps that hold above a failing one (noise or a transient) — worth a second look. */
  readonly anomalies: readonly number[];
}

/** Less than this share of the added offered load being served means throughput stopped growing. */
export const PLATEAU_SHARE = 0.25;
/** Below this marginal efficiency (Δachieved/Δoffered) the curve has bent: the knee. */
export const KNEE_EFFICIENCY = 0.5;

export function checkStep(slo: Slo, point: WorkloadSeries['points'][number]): StepCheck {
  const { step, result } = point;
  const p99 = result.latency.corrected.p99;
  const errors = errorRate(result);
  const ratio = achievedRatio(result);
  const expected = expectedOperations(point);
  const tooFew = expected !== null && expected < MIN_EXPECTED_OPERATIONS;
  const violations: string[] = [];
  if (step.status === 'failed') violations.push('the step failed (the target stopped answering)');
  // A failure or an error is evidence however few operations ran; a percentile or a rate
  // ratio from one or two operations is not.
  if (!tooFew && result.latency.corrected.count > 0 && p99 > slo.p99Ms)
    violations.push(`p99 ${formatMs(p99)} > SLO ${formatMs(slo.p99Ms)}`);
  if (errors > slo.errorBudget)
    violations.push(`errors ${formatPercent(errors)} > budget ${formatPercent(slo.errorBudget)}`);
  if (!tooFew && ratio < slo.minAchievedRatio)
    violations.push(`achieved ${formatPercent(ratio)} of target < ${formatPercent(slo.minAchievedRatio)}`);
  const bound = result.generator.bound;
  return {
    multiplier: step.multiplier,
    verdict: bound ? 'generator-bound' : violations.length > 0 ? 'fails' : tooFew ? 'too-few' : 'holds',
    expectedOperations: expected,
    p99Ms: p99,
    latency: result.latency.corrected,
    errorRate: errors,
    achievedRatio: ratio,
    offeredRate: result.offeredRate,
    achievedRate: result.achievedRate,
    violations,
    generatorReasons: bound ? result.generator.reasons : [],
    partial: step.status !== 'completed',
  };
}

export function analyzeSaturation(series: WorkloadSeries): WorkloadSaturation {
  const steps = series.points.map((p) => checkStep(series.slo, p));
  const evaluated = steps.filter(isJudged);
  const firstFail = evaluated.findIndex((s) => s.verdict === 'fails');
  const sustained = firstFail === -1 ? evaluated.at(-1) : evaluated[firstFail - 1];
  const crossing = firstFail === -1 ? null : evaluated[firstFail];
  const anomalies =
    firstFail === -1 ? [] : evaluated.slice(firstFail + 1).filter((s) => s.verdict === 'holds');
  const peak = evaluated.reduce<StepCheck | null>(
    (best, s) => (!best || s.achievedRate > best.achievedRate ? s : best),
    null,
  );
  return {
    workload: series.name,
    kind: series.kind,
    unit: series.unit,
    slo: series.slo,
    steps,
    sustainedMultiplier: sustained?.multiplier ?? null,
    sustainedRate: sustained?.achievedRate ?? null,
    crossing: crossing ? { multiplier: crossing.multiplier, violations: crossing.violations } : null,
    plateau: findPlateau(evaluated),
    knee: findKnee(evaluated),
    peak: peak ? { multiplier: peak.multiplier, achievedRate: peak.achievedRate } : null,
    generatorBound: steps.filter((s) => s.verdict === 'generator-bound').map((s) => s.multiplier),
    tooFew: steps.filter((s) => s.verdict === 'too-few').map((s) => s.multiplier),
    anomalies: anomalies.map((s) => s.multiplier),
  };
}

/** The first pair of steps where offered load grew but achieved throughput did not follow. */
export function findPlateau(steps: readonly StepCheck[]): ThroughputPlateau | null {
  for (let i = 1; i < steps.length; i++) {
    const a = steps[i - 1];
    const b = steps[i];
    if (a.offeredRate <= 0 || a.achievedRate <= 0) continue;
    const offeredGrowth = b.offeredRate / a.offeredRate - 1;
    const achievedGrowth = b.achievedRate / a.achievedRate - 1;
    if (offeredGrowth > 0.05 && achievedGrowth < PLATEAU_SHARE * offeredGrowth) {
      return { fromMultiplier: a.multiplier, toMultiplier: b.multiplier, offeredGrowth, achievedGrowth };
    }
  }
  return null;
}

/**
 * Knee of the achieved-vs-offered curve: the last step after which less than half of the
 * added offered load was served (marginal efficiency Δachieved/Δoffered < 0.5). Before it
 * the system tracked its load; after it, added load mostly queued or failed. Needs three
 * steps (two segments) to tell a bend from a level.
 */
export function findKnee(steps: readonly StepCheck[]): Knee | null {
  const pts = [...steps].sort((a, b) => a.offeredRate - b.offeredRate);
  if (pts.length < 3) return null;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    const added = b.offeredRate - a.offeredRate;
    if (added <= 0) continue;
    if ((b.achievedRate - a.achievedRate) / added < KNEE_EFFICIENCY) {
      return { multiplier: a.multiplier, offeredRate: a.offeredRate, achievedRate: a.achievedRate };
    }
  }
  return null;
}
