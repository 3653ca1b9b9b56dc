/**
 * View model of the per-step detail: one table of workloads (rates, errors, corrected and
 * raw latency, generator health) and one of resources per step, plus its notes.
 */
import type { RunResult, StepResult } from '@headroom/scenarios';

import type { Analysis } from '../../analysis/analyze.js';
import { applyOperationalLaws } from '../../analysis/operational-laws.js';
import { errorRate } from '../../analysis/workload-series.js';
import { formatMultiplier, formatNumber, formatPercent, formatSeconds } from '../../format.js';
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

function verdictOf(analysis: Analysis, workload: string, multiplier: number): string {
  const check = analysis.workloads
    .find((w) => w.workload === workload)
    ?.steps.find((s) => s.multiplier === multiplier);
  return check?.verdict ?? 'holds';
}

function errorsText(codes: Readonly<Record<string, number>>): string {
  const entries = Object.entries(codes).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '' : entries.map(([code, n]) => `${code} × ${formatNumber(n)}`).join(', ');
}

function stepView(analysis: Analysis, step: StepResult, chartIndex: number): StepView {
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
    title: `${formatMultiplier(step.multiplier)} step`,
    status: `${step.status} — ${formatNumber(step.durationSeconds)} s measured after ${formatNumber(step.warmupSeconds)} s of warm-up (excluded)`,
    cls: step.status !== 'completed' ? 'step partial' : 'step',
    chartId: `timeline-${chartIndex}`,
    workloads: step.workloads.map((w) => {
      const verdict = verdictOf(analysis, w.name, step.multiplier);
      return {
        cls: verdict === 'holds' ? 'meets' : verdict === 'fails' ? 'misses' : 'generator-bound',
        cells: [
          w.name,
          `${formatNumber(w.targetRate)} ${w.unit}/s`,
          formatNumber(w.offeredRate),
          formatNumber(w.achievedRate),
          formatPercent(w.targetRate > 0 ? w.achievedRate / w.targetRate : 1),
          `${formatNumber(w.counts.errors + w.counts.timeouts)} (${formatPercent(errorRate(w))})`,
          verdict === 'generator-bound' ? 'generator-bound' : verdict,
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

export function stepsView(analysis: Analysis, run: RunResult): StepView[] {
  return [...run.steps].sort((a, b) => a.multiplier - b.multiplier).map((s, i) => stepView(analysis, s, i));
}
