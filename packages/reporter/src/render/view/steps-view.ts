/**
 * View model of the per-step detail: one table of workloads (rates, errors, corrected and
 * raw latency, generator health) and one of resources per step, plus its notes.
 */
import type { RunResult, WorkloadStepResult } from '@headroom/scenarios';

import type { Analysis } from '../../analysis/analyze.js';
import { applyOperationalLaws } from '../../analysis/operational-laws.js';
import { checkStep, type StepVerdict } from '../../analysis/saturation.js';
import { errorRate } from '../../analysis/workload-series.js';
import { formatNumber, formatPercent, formatSeconds } from '../../format.js';
import { reportSteps, type ReportStep } from '../report-steps.js';
import type { Row } from './analysis-view.js';

export interface StepView {
  readonly title: string;
  readonly status: string;
  /** CSS class of the step's article: 'step', plus 'partial' when it was cut short */
  readonly cls: string;
  readonly chartId: string;
  readonly workloads: readonly Row[];
  readonly latency: readonly Row[];
  readonly generator: readonly Row[];
  readonly resources: readonly Row[];
  readonly notes: readonly string[];
}

/** One sub-section of the step details: the mixed steps, or the isolated runs. */
export interface StepGroup {
  readonly id: string;
  readonly title: string;
  readonly intro: string;
  readonly steps: readonly StepView[];
}

const VERDICT_CLASS: Record<StepVerdict, string> = {
  holds: 'meets',
  fails: 'misses',
  'generator-bound': 'generator-bound',
  'too-few': 'too-few',
};

const VERDICT_LABEL: Record<StepVerdict, string> = {
  holds: 'holds',
  fails: 'fails',
  'generator-bound': 'generator-bound',
  'too-few': 'too few to judge',
};

/**
 * A mixed step's verdict is the analysis's; an isolated run is not part of the analysis,
 * so it is checked here against the workload's SLO in the same way.
 */
function verdictOf(analysis: Analysis, { step }: ReportStep, w: WorkloadStepResult): StepVerdict {
  const workload = analysis.workloads.find((x) => x.workload === w.name);
  if (step.phase === 'isolated')
    return workload ? checkStep(workload.slo, { step, result: w }).verdict : 'holds';
  return workload?.steps.find((s) => s.multiplier === step.multiplier)?.verdict ?? 'holds';
}

function errorsText(codes: Readonly<Record<string, number>>): string {
  const entries = Object.entries(codes).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '' : entries.map(([code, n]) => `${code} × ${formatNumber(n)}`).join(', ');
}

function stepView(analysis: Analysis, entry: ReportStep): StepView {
  const { step } = entry;
  const workKey = analysis.bottleneck.workKey;
  const laws =
    step.target && workKey
      ? applyOperationalLaws(
          step.target,
          step.target.work[workKey] ?? 0,
          analysis.bottleneck.processCores.cores,
        )
      : null;
  const notes = step.workloads.flatMap((w) => [
    ...w.notes.map((n) => `${w.name}: ${n}`),
    ...(w.generator.bound ? w.generator.reasons.map((r) => `${w.name} generator-bound: ${r}`) : []),
    ...(Object.keys(w.errorsByCode).length > 0 ? [`${w.name} errors: ${errorsText(w.errorsByCode)}`] : []),
  ]);
  return {
    title: entry.label,
    status: `${step.status} — ${formatNumber(step.durationSeconds)} s measured after ${formatNumber(step.warmupSeconds)} s of warm-up (excluded)`,
    cls: step.status !== 'completed' ? 'step partial' : 'step',
    chartId: entry.chartId,
    workloads: step.workloads.map((w) => {
      const verdict = verdictOf(analysis, entry, w);
      return {
        cls: VERDICT_CLASS[verdict],
        cells: [
          w.name,
          `${formatNumber(w.targetRate)} ${w.unit}/s`,
          formatNumber(w.offeredRate),
          formatNumber(w.achievedRate),
          formatPercent(w.targetRate > 0 ? w.achievedRate / w.targetRate : 1),
          `${formatNumber(w.counts.errors + w.counts.timeouts)} (${formatPercent(errorRate(w))})`,
          VERDICT_LABEL[verdict],
        ],
      };
    }),
    latency: step.workloads.map((w) => {
      const c = w.latency.corrected;
      return {
        cells: [
          w.name,
          formatNumber(c.count),
          formatNumber(c.p50),
          formatNumber(c.p90),
          formatNumber(c.p99),
          formatNumber(c.p999),
          formatNumber(c.max),
          formatNumber(w.latency.raw.p99),
        ],
      };
    }),
    generator: step.workloads.map((w) => {
      const g = w.generator;
      return {
        cls: g.bound ? 'generator-bound' : '',
        cells: [
          w.name,
          formatPercent(g.eventLoopUtilization),
          formatNumber(g.eventLoopLagP99Ms),
          formatNumber(g.lateSendP99Ms),
          formatNumber(g.cpuCores),
          String(g.processes),
          g.bound ? 'yes' : 'no',
        ],
      };
    }),
    resources: (laws?.resources ?? []).map((r) => ({
      cells: [
        r.resource,
        String(r.servers),
        formatPercent(r.utilisation),
        r.demandSeconds === null ? '—' : formatSeconds(r.demandSeconds),
        r.boundPerSecond === null ? '—' : formatNumber(r.boundPerSecond),
        formatPercent(r.headroom),
      ],
    })),
    notes,
  };
}

/** Mixed steps first (what the verdicts judge), then the isolated runs, if any. */
export function stepsView(analysis: Analysis, run: RunResult): StepGroup[] {
  const { mixed, isolated } = reportSteps(run);
  const groups: StepGroup[] = [];
  if (mixed.length > 0)
    groups.push({
      id: 'steps-mixed',
      title: 'Mixed steps: every workload at once',
      intro:
        'The realistic day, scaled by the step. The verdicts, saturation and bottleneck above judge these steps.',
      steps: mixed.map((s) => stepView(analysis, s)),
    });
  if (isolated.length > 0)
    groups.push({
      id: 'steps-isolated',
      title: 'Isolated runs: one workload alone',
      intro:
        "Each workload without the others' interference, checked against its own SLO. They explain the mixed steps and are not used for the verdicts.",
      steps: isolated.map((s) => stepView(analysis, s)),
    });
  return groups;
}
