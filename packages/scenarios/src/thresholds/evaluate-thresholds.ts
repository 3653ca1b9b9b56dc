/**
 * Evaluates every threshold of a plan against what the steps measured: one outcome per
 * threshold, step and workload it applies to, with the observed value and a sentence that
 * says what was compared ('p(99) was 31.2 ms, limit 25 ms').
 *
 * A threshold is not evaluated (passed, with a message saying why) when the step gives
 * nothing to judge: no data, or too few operations for a rate, an error share or a
 * percentile to mean anything.
 */
import type { ResolvedPlan, ThresholdPlan } from '../plan/types.js';
import type { StepResult, ThresholdOutcome, WorkloadStepResult } from '../result/types.js';
import { observe } from './metrics.js';
import { parseThreshold, type Comparison, type ParsedThreshold } from './parse-threshold.js';
import { HeadroomError } from '../errors.js';

/**
 * Operations a step must be expected to perform (target rate × seconds), and latency
 * samples it must hold, before a threshold on it is judged. Below it one operation more or
 * less swings the result: 0.2 registrations expected in 3 s make "rate >= 0.9 × target"
 * fail when none happened and pass when one did, and one error out of two is 50% errors.
 */
export const MIN_EXPECTED_OPERATIONS = 5;

/** Metrics whose value depends on how many operations the step was meant to perform. */
const RATE_METRICS: ReadonlySet<ParsedThreshold['metric']['kind']> = new Set([
  'rate',
  'achieved_ratio',
  'error_rate',
  'error_count',
]);

export function evaluateThresholds(plan: ResolvedPlan, steps: readonly StepResult[]): ThresholdOutcome[] {
  const outcomes: ThresholdOutcome[] = [];
  for (const threshold of plan.thresholds) {
    const parsed = parseThreshold(threshold.expression);
    if (!parsed.ok) {
      // resolvePlan rejects unparsable thresholds, so a plan that reaches here was built by hand.
      throw new HeadroomError(
        'INVALID_THRESHOLD',
        'internal',
        `threshold '${threshold.expression}': ${parsed.message}`,
      );
    }
    for (const step of steps) {
      if (threshold.steps !== 'all' && !threshold.steps.includes(step.multiplier)) continue;
      for (const result of step.workloads) {
        if (threshold.workload !== '*' && threshold.workload !== result.name) continue;
        outcomes.push(evaluateOne(threshold, parsed.threshold, step, result));
      }
    }
  }
  return outcomes;
}

function evaluateOne(
  plan: ThresholdPlan,
  t: ParsedThreshold,
  step: StepResult,
  result: WorkloadStepResult,
): ThresholdOutcome {
  const base = {
    workload: result.name,
    multiplier: step.multiplier,
    expression: plan.expression,
    source: plan.source,
  };
  const limit =
    t.limit.kind === 'absolute'
      ? t.limit.value
      : t.limit.factor * (t.limit.base === 'target' ? result.targetRate : result.offeredRate);
  const observation = observe(t.metric, result);
  if (!observation.ok) {
    return {
      ...base,
      observed: 0,
      limit,
      passed: true,
      evaluated: false,
      message: `${t.label} not evaluated: ${observation.reason}`,
    };
  }
  const tooFew = tooFewToJudge(t, step.durationSeconds, result);
  if (tooFew !== null) {
    return {
      ...base,
      observed: observation.value,
      limit,
      passed: true,
      evaluated: false,
      message: `${t.label} not evaluated: ${tooFew}`,
    };
  }
  const observed = observation.value;
  const passed = compare(observed, t.comparison, limit);
  const relative =
    t.limit.kind === 'relative'
      ? ` (${trim(t.limit.factor)} × ${t.limit.base} ${show(t, t.limit.base === 'target' ? result.targetRate : result.offeredRate)})`
      : '';
  const message = `${t.label} was ${show(t, observed)}, limit ${show(t, limit)}${relative}`;
  if (!passed && result.generator.bound) {
    // DESIGN §4: a step the generator limited is never evidence against the system, so it
    // cannot fail a gate either; the report lists it as generator-bound.
    return {
      ...base,
      observed,
      limit,
      passed: true,
      evaluated: false,
      message: `${message}; not judged: the generator, not the target, limited this step (${result.generator.reasons.join('; ')})`,
    };
  }
  return { ...base, observed, limit, passed, evaluated: true, message };
}

/** Why the step has too few operations to judge this threshold, or null when it has enough. */
function tooFewToJudge(t: ParsedThreshold, seconds: number, result: WorkloadStepResult): string | null {
  if (RATE_METRICS.has(t.metric.kind)) {
    const expected = result.targetRate * seconds;
    if (expected >= MIN_EXPECTED_OPERATIONS) return null;
    return `only ${trim(expected)} ${result.unit} expected in ${trim(seconds)} s; not enough to judge`;
  }
  if (t.metric.kind === 'latency') {
    const samples = result.latency.corrected.count;
    if (samples >= MIN_EXPECTED_OPERATIONS) return null;
    return `only ${samples} latency sample${samples === 1 ? '' : 's'} in ${trim(seconds)} s; not enough to judge`;
  }
  return null;
}

function compare(observed: number, comparison: Comparison, limit: number): boolean {
  switch (comparison) {
    case '<':
      return observed < limit;
    case '<=':
      return observed <= limit;
    case '>':
      return observed > limit;
    case '>=':
      return observed >= limit;
    case '==':
      return observed === limit;
    case '!=':
      return observed !== limit;
  }
}

/** A value in the metric's unit, as a reader expects it. */
function show(t: ParsedThreshold, value: number): string {
  switch (t.metric.kind) {
    case 'latency':
      return `${trim(value)} ms`;
    case 'rate':
      return `${trim(value)}/s`;
    case 'error_rate':
      return `${trim(value * 100)}%`;
    case 'achieved_ratio':
    case 'error_count':
    case 'measure':
      return trim(value);
  }
}

/** 31.2 · 0.412 · 1,980: three significant digits, whole numbers from 1,000 on. */
function trim(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}
