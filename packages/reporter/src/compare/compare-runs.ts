/**
 * compareRuns(base, head) → Comparison: the regression gate of a pipeline. Pure: two
 * RunResults in, a judgement out. Steps are matched by phase and multiplier, workloads by
 * name; a pair is compared only when it offered the same load (same target rate), since
 * latency at another rate says nothing about the build.
 */
import type { RunResult, StepResult, WorkloadStepResult } from '@headroom/scenarios';

import { ComparisonError } from './comparison-error.js';
import type {
  ChangeVerdict,
  CompareOptions,
  Comparison,
  ComparisonRow,
  MetricChange,
  MetricName,
  RunRef,
  SweepChange,
} from './comparison-types.js';
import { latencyEstimates, throughputEstimate, type Estimate } from './estimate-noise.js';
import { judgeChange, type JudgeOptions } from './judge-change.js';

const PERCENTILES: readonly { metric: MetricName; q: number }[] = [
  { metric: 'p50', q: 0.5 },
  { metric: 'p90', q: 0.9 },
  { metric: 'p99', q: 0.99 },
  { metric: 'p99.9', q: 0.999 },
];

const VERDICTS: readonly ChangeVerdict[] = [
  'regression',
  'improvement',
  'within-noise',
  'unchanged',
  'inconclusive',
];

export function compareRuns(base: RunResult, head: RunResult, options: CompareOptions = {}): Comparison {
  const maxRegression = options.maxRegression ?? 0.05;
  const noiseSigmas = options.noiseSigmas ?? 3;
  const minLatencyChangeMs = options.minLatencyChangeMs ?? 0.05;
  if (!(maxRegression >= 0 && maxRegression < 10))
    throw new ComparisonError(`maxRegression: must be a fraction from 0 to 10, got ${maxRegression}`);
  if (!(noiseSigmas >= 0)) throw new ComparisonError(`noiseSigmas: must be ≥ 0, got ${noiseSigmas}`);

  const notes: string[] = [];
  for (const [label, run] of [
    ['base', base],
    ['head', head],
  ] as const) {
    if (run.status !== 'complete')
      notes.push(`The ${label} run is ${run.status}${run.statusReason ? ` (${run.statusReason})` : ''}.`);
  }
  notes.push(...configDifferences(base.target.config, head.target.config));
  const rows: ComparisonRow[] = [];
  const headSteps = new Map(head.steps.map((s) => [stepKey(s), s]));
  for (const b of base.steps) {
    const h = headSteps.get(stepKey(b));
    headSteps.delete(stepKey(b));
    if (h === undefined) {
      notes.push(`${stepLabel(b)} was measured only in the base run.`);
      continue;
    }
    const headWorkloads = new Map(h.workloads.map((w) => [w.name, w]));
    for (const bw of b.workloads) {
      const hw = headWorkloads.get(bw.name);
      headWorkloads.delete(bw.name);
      if (hw === undefined) notes.push(`${bw.name} at ${stepLabel(b)} was measured only in the base run.`);
      else rows.push(compareWorkload(b, h, bw, hw, { maxRegression, noiseSigmas, minLatencyChangeMs }));
    }
    for (const name of headWorkloads.keys())
      notes.push(`${name} at ${stepLabel(h)} was measured only in the head run.`);
  }
  for (const h of headSteps.values()) notes.push(`${stepLabel(h)} was measured only in the head run.`);
  if (rows.length === 0)
    throw new ComparisonError(
      `the runs have no step and workload in common (base: ${describe(base)}; head: ${describe(head)})`,
    );

  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<ChangeVerdict, number>;
  for (const row of rows) for (const m of row.metrics) counts[m.verdict]++;
  return {
    base: refOf(base),
    head: refOf(head),
    maxRegression,
    noiseSigmas,
    minLatencyChangeMs,
    verdict: counts.regression > 0 ? 'regression' : 'no-regression',
    counts,
    rows,
    sweep: compareSweeps(base, head),
    notes,
  };
}

function compareWorkload(
  b: StepResult,
  h: StepResult,
  bw: WorkloadStepResult,
  hw: WorkloadStepResult,
  o: Required<CompareOptions>,
): ComparisonRow {
  const why = whyNotComparable(b, h, bw, hw);
  // A generator that fell behind adds its own lateness (late sends, a lagging loop) to
  // every latency it measures, and may not have offered the load at all: its throughput is
  // not judged, and a latency change must exceed that lateness as well as the noise.
  const bound = bw.generator.bound || hw.generator.bound;
  const allowance = bound ? Math.max(lateness(bw), lateness(hw)) : 0;
  const caveat =
    bound && why === null
      ? `the load generator fell behind in the ${bw.generator.bound ? (hw.generator.bound ? 'both runs' : 'base run') : 'head run'}: throughput not judged, latency judged with ${formatMs(allowance)} more allowance (its late sends and loop lag at p99)`
      : null;
  const judge = (
    metric: MetricName,
    be: Estimate,
    he: Estimate,
    extra: { minAbsolute: number; allowance: number },
  ): MetricChange => {
    const judged = judgeChange(metric, be, he, { ...o, ...extra } satisfies JudgeOptions);
    const notJudged =
      why !== null ||
      (metric === 'throughput' && bound) ||
      be.tooFewBeyond === true ||
      he.tooFewBeyond === true;
    return notJudged ? { ...judged, verdict: 'inconclusive' } : judged;
  };
  const metrics = [
    judge(
      'throughput',
      throughputEstimate(bw, b.durationSeconds),
      throughputEstimate(hw, h.durationSeconds),
      {
        minAbsolute: 0,
        allowance: 0,
      },
    ),
  ];
  const qs = PERCENTILES.map((p) => p.q);
  const bl = latencyEstimates(bw, qs);
  const hl = latencyEstimates(hw, qs);
  if (bl !== null && hl !== null)
    PERCENTILES.forEach((p, i) =>
      metrics.push(judge(p.metric, bl[i], hl[i], { minAbsolute: o.minLatencyChangeMs, allowance })),
    );
  return {
    phase: b.phase,
    multiplier: b.multiplier,
    workload: bw.name,
    kind: bw.workload,
    unit: bw.unit,
    metrics,
    inconclusiveBecause: why,
    caveat,
  };
}

/** ms the generator itself added to its measurements, at p99 */
function lateness(w: WorkloadStepResult): number {
  return w.generator.lateSendP99Ms + w.generator.eventLoopLagP99Ms;
}

function formatMs(ms: number): string {
  return `${Number(ms.toPrecision(3))} ms`;
}

function whyNotComparable(
  b: StepResult,
  h: StepResult,
  bw: WorkloadStepResult,
  hw: WorkloadStepResult,
): string | null {
  if (b.status === 'failed' || h.status === 'failed') return 'the step failed in one of the runs';
  const rel = bw.targetRate > 0 ? Math.abs(hw.targetRate / bw.targetRate - 1) : hw.targetRate > 0 ? 1 : 0;
  if (rel > 1e-6) return `the runs offered different load (${bw.targetRate} vs ${hw.targetRate} per second)`;
  if (bw.counts.completed === 0 || hw.counts.completed === 0) return 'nothing completed in one of the runs';
  return null;
}

function compareSweeps(base: RunResult, head: RunResult): SweepChange[] {
  if (base.sweep === null || head.sweep === null || base.sweep.workload !== head.sweep.workload) return [];
  const headPoints = new Map(head.sweep.points.map((p) => [p.concurrency, p]));
  return base.sweep.points.flatMap((b) => {
    const h = headPoints.get(b.concurrency);
    if (h === undefined) return [];
    return [
      {
        concurrency: b.concurrency,
        baseThroughput: b.throughput,
        headThroughput: h.throughput,
        change: b.throughput > 0 ? h.throughput / b.throughput - 1 : null,
        baseP99Ms: b.p99Ms,
        headP99Ms: h.p99Ms,
      },
    ];
  });
}

/** A changed knob is often the point of the comparison (fsync off → always); say which. */
function configDifferences(
  base: RunResult['target']['config'],
  head: RunResult['target']['config'],
): string[] {
  const keys = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  const changed = keys.filter((k) => base[k] !== head[k]);
  if (changed.length === 0) return [];
  const show = (v: string | number | boolean | undefined): string =>
    v === undefined ? '(unset)' : String(v);
  return [
    `The target's configuration differs: ${changed.map((k) => `${k} ${show(base[k])} → ${show(head[k])}`).join(', ')}.`,
  ];
}

function refOf(run: RunResult): RunRef {
  return {
    runId: run.runId,
    planName: run.plan.name,
    startedAt: run.startedAt,
    status: run.status,
    targetConfig: run.target.config,
  };
}

const stepKey = (s: StepResult): string => `${s.phase}:${s.multiplier}`;
const stepLabel = (s: StepResult): string => `the ${s.multiplier}x ${s.phase} step`;

function describe(run: RunResult): string {
  if (run.steps.length === 0) return 'no steps';
  return run.steps
    .map((s) => `${s.multiplier}x ${s.phase} (${s.workloads.map((w) => w.name).join(', ')})`)
    .join(', ');
}
