/**
 * View model of the analysis sections: bottleneck (operational laws), USL, storage
 * projection, thresholds and recommendations.
 */
import type { Analysis } from '../../analysis/analyze.js';
import { classifyResource } from '../../analysis/resource-catalogue.js';
import { predictUsl } from '../../analysis/usl/fit-usl.js';
import {
  formatBytes,
  formatDays,
  formatMultiplier,
  formatNumber,
  formatPercent,
  formatSeconds,
  singularOf,
} from '../../format.js';

export interface Row {
  readonly cells: readonly string[];
  readonly cls?: string;
}

export interface AnalysisView {
  readonly bottleneck: {
    readonly text: string;
    readonly step: string;
    readonly rows: readonly Row[];
    readonly contention: readonly string[];
    readonly coresNote: string;
  };
  readonly usl: {
    readonly fitted: boolean;
    readonly reason: string;
    readonly params: readonly Row[];
    readonly facts: readonly Row[];
    readonly flags: readonly string[];
    readonly predictions: readonly Row[];
    readonly scaleOut: string;
  };
  readonly storage: { readonly basis: string; readonly facts: readonly Row[]; readonly rows: readonly Row[] };
  readonly thresholds: { readonly summary: string; readonly rows: readonly Row[] };
  readonly recommendations: readonly {
    readonly title: string;
    readonly evidence: string;
    readonly action: string;
    readonly remedies: string;
  }[];
}

function bottleneckView(a: Analysis): AnalysisView['bottleneck'] {
  const b = a.bottleneck;
  const ref = b.reference;
  const text =
    b.status === 'no-metrics'
      ? 'The target exported no resource metrics (headroom_resource_busy_seconds_total), so the operational laws could not be applied.'
      : b.status === 'no-work'
        ? 'The target exported resource busy time but no completed-work counter (headroom_work_completed_total), so service demands could not be computed.'
        : b.status === 'unexplained-gap' && b.gap
          ? `Unexplained gap: at the most loaded step the target completed ${formatNumber(b.gap.ceilingPerSecond)} ${b.workKey}/s, but the busiest measured resource (${b.gap.resource}) allows ${formatNumber(b.gap.boundPerSecond)}/s. The limit is something the target does not report.`
          : `Bottleneck: ${b.bottleneck!.resource} — ${classifyResource(b.bottleneck!.resource).description}, ${formatPercent(b.bottleneck!.utilisation)} busy, bound ${formatNumber(b.bottleneck!.boundPerSecond ?? 0)} ${b.workKey}/s.`;
  return {
    text,
    step: ref
      ? `${formatMultiplier(ref.multiplier)} step: ${formatNumber(ref.throughput)} ${b.workKey}/s completed over ${formatNumber(ref.wallSeconds)} s`
      : '',
    rows: (ref?.resources ?? []).map((r, i) => ({
      cls: i === 0 ? 'hot' : '',
      cells: [
        r.resource,
        String(r.servers),
        formatNumber(r.busySeconds),
        formatPercent(r.utilisation),
        r.demandSeconds === null ? '—' : formatSeconds(r.demandSeconds),
        r.boundPerSecond === null ? '—' : formatNumber(r.boundPerSecond),
        formatPercent(r.headroom),
      ],
    })),
    contention: b.contention.map(
      (c) =>
        `${c.resource}: demand per ${singularOf(b.workKey ?? 'completion')} grew ${formatPercent(c.growth)} from ${c.fromLoad} to ${c.toLoad} (${formatSeconds(c.demandFrom)} → ${formatSeconds(c.demandTo)}) — contention.`,
    ),
    coresNote: `process_cpu, when exported, is divided by ${b.processCores.cores} cores: ${b.processCores.source}.`,
  };
}

function uslView(a: Analysis): AnalysisView['usl'] {
  const { fit } = a.usl;
  if (!fit)
    return {
      fitted: false,
      reason: a.usl.reason ?? '',
      params: [],
      facts: [],
      flags: [],
      predictions: [],
      scaleOut: '',
    };
  const se = (v: number | null, digits: (x: number) => string): string =>
    v === null ? '—' : `± ${digits(v)}`;
  const nStar = fit.maxConcurrency;
  const probes = [
    ...new Set([
      ...fit.points.map((p) => p.concurrency),
      ...(nStar !== null ? [nStar] : []),
      2 * fit.largestMeasuredConcurrency,
      4 * fit.largestMeasuredConcurrency,
    ]),
  ].sort((x, y) => x - y);
  return {
    fitted: true,
    reason: '',
    params: [
      { cells: ['σ (contention)', fit.sigma.toFixed(6), se(fit.standardErrors.sigma, (v) => v.toFixed(6))] },
      {
        cells: [
          'κ (coherency)',
          fit.kappa.toExponential(4),
          se(fit.standardErrors.kappa, (v) => v.toExponential(2)),
        ],
      },
      {
        cells: [
          'λ (throughput of one, /s)',
          formatNumber(fit.lambda),
          se(fit.standardErrors.lambda, formatNumber),
        ],
      },
    ],
    facts: [
      { cells: ['N* (peak concurrency, floored)', nStar === null ? 'none (κ = 0)' : String(nStar)] },
      {
        cells: [
          nStar === null ? 'X ceiling (λ/σ asymptote)' : 'X_max = X(N*)',
          `${formatNumber(fit.maxThroughput)}/s`,
        ],
      },
      { cells: ['R²', fit.rSquared.toFixed(4)] },
      { cells: ['points', `${fit.points.length} (largest concurrency ${fit.largestMeasuredConcurrency})`] },
    ],
    flags: fit.flags.map((f) => f.message),
    predictions: probes.map((n) => {
      const p = predictUsl(fit, n);
      const measured = fit.points.find((x) => x.concurrency === n);
      return {
        cls: p.extrapolated ? 'extrapolated' : '',
        cells: [
          formatNumber(n),
          formatNumber(p.throughput),
          measured ? formatNumber(measured.throughput) : '—',
          p.extrapolated ? 'extrapolated' : '',
        ],
      };
    }),
    scaleOut: a.usl.scaleOut?.explanation ?? 'The plan has no target throughput for the swept workload.',
  };
}

function storageView(a: Analysis): AnalysisView['storage'] {
  const s = a.storage;
  return {
    basis: s.basis,
    facts: [
      { cells: ['historical data today', formatBytes(s.currentBytes)] },
      { cells: [`data target (${formatMultiplier(s.targetMultiplier)})`, formatBytes(s.targetBytes)] },
      {
        cells: [
          'measured bytes per order',
          s.bytesPerOrder === null ? 'not measured' : `${formatNumber(s.bytesPerOrder)} B`,
        ],
      },
    ],
    rows: s.rows.map((r) => ({
      cells: [
        formatMultiplier(r.multiplier),
        formatBytes(r.planDailyBytes),
        r.measuredDailyBytes === null ? '—' : formatBytes(r.measuredDailyBytes),
        formatDays(r.daysToTarget),
        formatBytes(r.dailyPartitionBytes),
        formatBytes(r.monthlyPartitionBytes),
      ],
    })),
  };
}

export function analysisView(a: Analysis): AnalysisView {
  return {
    bottleneck: bottleneckView(a),
    usl: uslView(a),
    storage: storageView(a),
    thresholds: {
      summary: `${a.thresholds.passed} passed, ${a.thresholds.failed} failed`,
      rows: a.thresholds.outcomes.map((t) => ({
        cls: t.passed ? 'meets' : 'misses',
        cells: [
          t.workload,
          formatMultiplier(t.multiplier),
          t.expression,
          formatNumber(t.observed),
          formatNumber(t.limit),
          t.passed ? 'pass' : 'FAIL',
          t.message,
        ],
      })),
    },
    recommendations: a.recommendations.map((r) => ({
      title: r.title,
      evidence: r.evidence,
      action: r.action,
      remedies: r.remedies.join(', '),
    })),
  };
}
