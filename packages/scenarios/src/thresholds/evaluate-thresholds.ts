/**
 * Evaluates every threshold of a plan against what the steps measured: one outcome per
 * threshold, step and workload it applies to, with the observed value and a sentence that
 * says what was compared ('p(99) was 31.2 ms, limit 25 ms').
 */
import type { ResolvedPlan, ThresholdPlan } from '../plan/types.js';
import type { StepResult, ThresholdOutcome, WorkloadStepResult } from '../result/types.js';
import { observe } from './metrics.js';
import { parseThreshold, type Comparison, type ParsedThreshold } from './parse-threshold.js';
import { HeadroomError } from '../errors.js';

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
        outcomes.push(evaluateOne(threshold, parsed.threshold, step.multiplier, result));
      }
    }
  }
  return outcomes;
}

function evaluateOne(
  plan: ThresholdPlan,
  t: ParsedThreshold,
  multiplier: number,
  result: WorkloadStepResult,
): ThresholdOutcome {
  const base = { workload: result.name, multiplier, expression: plan.expression, source: plan.source };
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
  const observed = observation.value;
  const passed = compare(observed, t.comparison, limit);
  const relative =
    t.limit.kind === 'relative'
      ? ` (${trim(t.limit.factor)} × ${t.limit.base} ${show(t, t.limit.base === 'target' ? result.targetRate : result.offeredRate)})`
      : '';
  const generator =
    !passed && result.generator.bound ? '; the generator, not the target, limited this step' : '';
  return {
    ...base,
    observed,
    limit,
    passed,
    evaluated: true,
    message: `${t.label} was ${show(t, observed)}, limit ${show(t, limit)}${relative}${generator}`,
  };
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
