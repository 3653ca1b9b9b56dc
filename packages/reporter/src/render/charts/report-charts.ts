/**
 * Every chart of the report (DESIGN §5), as JSON Chart.js configurations: throughput vs
 * offered load, latency percentiles vs load, latency distributions, the USL fit with the
 * target marked, per-resource utilisation and per-step timelines.
 */
import type { RunResult } from '@headroom/scenarios';

import type { Analysis, WorkloadAnalysis } from '../../analysis/analyze.js';
import { uslThroughput } from '../../analysis/usl/usl-model.js';
import { formatMultiplier, formatNumber } from '../../format.js';
import { reportSteps, type ReportStep } from '../report-steps.js';
import {
  chartConfig,
  color,
  downsample,
  type ChartConfig,
  type ChartInput,
  type Point,
} from './chart-spec.js';

export interface ReportChart {
  /** unique, used as the canvas's data-chart attribute */
  readonly id: string;
  readonly title: string;
  /** one sentence under the chart: what to read from it */
  readonly caption: string;
  readonly config: ChartConfig;
}

export interface ReportCharts {
  readonly throughput: readonly ReportChart[];
  readonly latency: readonly ReportChart[];
  readonly distributions: readonly ReportChart[];
  readonly usl: ReportChart | null;
  readonly utilisation: ReportChart | null;
  readonly timelines: readonly ReportChart[];
}

function chart(id: string, title: string, caption: string, input: Omit<ChartInput, 'title'>): ReportChart {
  return { id, title, caption, config: chartConfig({ title, ...input }) };
}

/** Timelines are drawn with at most this many points per line. */
const TIMELINE_POINTS = 300;

export function reportCharts(analysis: Analysis, run: RunResult): ReportCharts {
  // A workload of the plan that no step measured has nothing to draw.
  // analysis.workloads holds the mixed steps only: the load charts never mix in isolated runs.
  const measured = analysis.workloads.filter((w) => w.steps.length > 0);
  const steps = reportSteps(run);
  return {
    throughput: measured.map((w, i) => throughputChart(w, i)),
    latency: measured.map((w, i) => latencyChart(w, i)),
    distributions: measured
      .filter((w) => w.spectra.some((s) => s.spectrum))
      .map((w, i) => distributionChart(w, i)),
    usl: uslChart(analysis),
    utilisation: utilisationChart(analysis),
    // Mixed steps, then the isolated runs: the order and ids the step tables use.
    timelines: [...steps.mixed, ...steps.isolated].map(timelineChart),
  };
}

function throughputChart(w: WorkloadAnalysis, i: number): ReportChart {
  const pts = w.steps.map((s) => ({ x: s.offeredRate, y: s.achievedRate }));
  const top = Math.max(1, ...w.steps.map((s) => Math.max(s.offeredRate, s.achievedRate)));
  return chart(
    `throughput-${i}`,
    `${w.workload}: throughput vs offered load`,
    `Each point is a step; crosses are generator-bound steps. Points on the dashed line kept up with the load.`,
    {
      x: { title: `offered (${w.unit}/s)`, scale: 'linear', min: 0 },
      y: { title: `achieved (${w.unit}/s)`, scale: 'linear', min: 0 },
      datasets: [
        {
          label: 'achieved',
          data: pts,
          color: color(0),
          pointStyles: w.steps.map((s) => (s.verdict === 'generator-bound' ? 'crossRot' : 'circle')),
        },
        {
          label: 'ideal (achieved = offered)',
          data: [
            { x: 0, y: 0 },
            { x: top, y: top },
          ],
          color: '#888888',
          dashed: true,
          points: false,
        },
      ],
    },
  );
}

function latencyChart(w: WorkloadAnalysis, i: number): ReportChart {
  const labels = w.steps.map((s) => formatMultiplier(s.multiplier));
  const series = (pick: (l: WorkloadAnalysis['steps'][number]['latency']) => number): (number | null)[] =>
    w.steps.map((s) => (s.latency.count > 0 ? Math.max(pick(s.latency), 0.001) : null));
  return chart(
    `latency-${i}`,
    `${w.workload}: latency percentiles vs load`,
    `Corrected latency (from each operation's scheduled start) per step; the red dashed line is the p99 SLO.`,
    {
      x: { title: 'step (multiple of current load)', scale: 'category' },
      y: { title: 'latency (ms, log scale)', scale: 'logarithmic' },
      labels,
      datasets: [
        { label: 'p50', data: series((l) => l.p50), color: color(2) },
        { label: 'p90', data: series((l) => l.p90), color: color(0) },
        { label: 'p99', data: series((l) => l.p99), color: color(3) },
        { label: 'p99.9', data: series((l) => l.p999), color: color(1) },
        {
          label: 'max',
          data: series((l) => l.max),
          color: color(4),
        },
        ...(Number.isFinite(w.slo.p99Ms)
          ? [
              {
                label: `p99 SLO (${formatNumber(w.slo.p99Ms)} ms)`,
                data: w.steps.map(() => w.slo.p99Ms),
                color: '#d62728',
                dashed: true,
                points: false,
              },
            ]
          : []),
      ],
    },
  );
}

function distributionChart(w: WorkloadAnalysis, i: number): ReportChart {
  return chart(
    `distribution-${i}`,
    `${w.workload}: latency distribution by step`,
    'Percentile spectrum of each step from its HDR histogram: the right-hand side is the tail (99.9%, 99.99%).',
    {
      x: { title: 'percentile (log scale of 1/(1 − p))', scale: 'logarithmic', min: 1, format: 'percentile' },
      y: { title: 'latency (ms, log scale)', scale: 'logarithmic' },
      datasets: w.spectra.flatMap((s, k) =>
        s.spectrum
          ? [
              {
                label: formatMultiplier(s.multiplier),
                data: s.spectrum.points
                  .filter((p) => p.percentile < 100)
                  .map((p) => ({ x: 1 / (1 - p.percentile / 100), y: Math.max(p.ms, 0.001) })),
                color: color(k),
                points: false,
              },
            ]
          : [],
      ),
    },
  );
}

function uslChart(analysis: Analysis): ReportChart | null {
  const { fit, targetThroughput } = analysis.usl;
  if (!fit) return null;
  const largest = fit.largestMeasuredConcurrency;
  const trusted = 2 * largest;
  const nStar = fit.maxConcurrency;
  const xMax = Math.max(largest * 1.25, nStar !== null && nStar <= 4 * largest ? nStar * 1.3 : 0);
  const curve = (from: number, to: number): Point[] => {
    const out: Point[] = [];
    for (let k = 0; k <= 120; k++) {
      const n = from + ((to - from) * k) / 120;
      if (n >= 1) out.push({ x: n, y: uslThroughput(fit, n) });
    }
    return out;
  };
  const datasets = [
    {
      label: 'measured',
      data: fit.points.map((p) => ({ x: p.concurrency, y: p.throughput })),
      color: color(0),
      scatter: true,
    },
    {
      label: `USL fit (σ ${fit.sigma.toFixed(4)}, κ ${fit.kappa.toExponential(2)}, λ ${formatNumber(fit.lambda)})`,
      data: curve(1, Math.min(xMax, trusted)),
      color: color(3),
      points: false,
    },
    ...(xMax > trusted
      ? [
          {
            label: 'extrapolated (beyond 2× measured)',
            data: curve(trusted, xMax),
            color: color(3),
            dashed: true,
            points: false,
          },
        ]
      : []),
    ...(nStar !== null && nStar <= xMax
      ? [
          {
            label: `peak N* = ${nStar}: ${formatNumber(fit.maxThroughput)}/s`,
            data: [{ x: nStar, y: fit.maxThroughput }],
            color: color(4),
            scatter: true,
            pointStyles: ['triangle'],
          },
        ]
      : []),
    ...(targetThroughput !== null
      ? [
          {
            label: `${formatMultiplier(analysis.targetGap.targetMultiplier)} target (${formatNumber(targetThroughput)}/s)`,
            data: [
              { x: 0, y: targetThroughput },
              { x: xMax, y: targetThroughput },
            ],
            color: '#d62728',
            dashed: true,
            points: false,
          },
        ]
      : []),
  ];
  return chart(
    'usl',
    `USL fit: ${analysis.usl.workload ?? ''} throughput vs concurrency`,
    'Closed-loop sweep: throughput at each concurrency, the fitted Universal Scalability Law curve and the target throughput.',
    {
      x: { title: 'concurrency (requests in flight)', scale: 'linear', min: 0 },
      y: { title: 'throughput (per second)', scale: 'linear', min: 0 },
      datasets,
    },
  );
}

function utilisationChart(analysis: Analysis): ReportChart | null {
  const steps = analysis.bottleneck.steps;
  if (steps.length === 0) return null;
  const names = [...new Set(steps.flatMap((s) => s.resources.map((r) => r.resource)))];
  return chart(
    'utilisation',
    'Resource utilisation vs load',
    'Busy time ÷ (servers × wall time) per resource and step. The resource nearest 100% is the bottleneck.',
    {
      x: { title: 'step (multiple of current load)', scale: 'category' },
      y: {
        title: 'utilisation (%)',
        scale: 'linear',
        min: 0,
        max: Math.max(100, ...steps.flatMap((s) => s.resources.map((r) => Math.ceil(r.utilisation * 100)))),
        format: 'percent',
      },
      labels: steps.map((s) => formatMultiplier(s.multiplier)),
      datasets: [
        ...names.map((name, k) => ({
          label: name,
          data: steps.map((s) => {
            const r = s.resources.find((x) => x.resource === name);
            return r ? r.utilisation * 100 : null;
          }),
          color: color(k),
        })),
        {
          label: 'saturated (100%)',
          data: steps.map(() => 100),
          color: '#444444',
          dashed: true,
          points: false,
        },
      ],
    },
  );
}

function timelineChart({ step, label, chartId }: ReportStep): ReportChart {
  const datasets = step.workloads.flatMap((w, k) => {
    const rate = w.timeline.map((p) => ({
      x: p.second,
      y: w.targetRate > 0 ? (p.achieved / w.targetRate) * 100 : 0,
    }));
    const p99 = w.timeline.filter((p) => p.p99Ms > 0).map((p) => ({ x: p.second, y: p.p99Ms }));
    return [
      {
        label: `${w.name} achieved (% of target)`,
        data: downsample(rate, TIMELINE_POINTS),
        color: color(k),
        points: false,
      },
      {
        label: `${w.name} p99 (ms)`,
        data: downsample(p99, TIMELINE_POINTS, 'max'),
        color: color(k),
        dashed: true,
        points: false,
        axis: 'y2' as const,
      },
    ];
  });
  return chart(
    chartId,
    `${label}: timeline`,
    'Second by second after warm-up: solid lines are achieved throughput as a share of the step target (left), dashed lines p99 latency (right).',
    {
      x: { title: 'time since the measured part began (s)', scale: 'linear', min: 0 },
      y: { title: 'achieved (% of step target)', scale: 'linear', min: 0, format: 'percent' },
      y2: { title: 'p99 latency (ms, log scale)', scale: 'logarithmic' },
      datasets,
    },
  );
}
