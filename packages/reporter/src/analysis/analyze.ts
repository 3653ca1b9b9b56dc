/**
 * analyze(run) → Analysis: every judgement the report makes, computed once from a
 * RunResult, with no I/O. The renderers only lay it out.
 */
import type { RunResult, ThresholdOutcome, WorkloadKind } from '@headroom/scenarios';

import { analyzeBottleneck, type BottleneckAnalysis } from './bottleneck.js';
import { headlineOf, type Headline } from './headline.js';
import { latencySpectrum, type LatencySpectrum } from './latency-spectrum.js';
import { recommend, type Recommendation } from './recommendations.js';
import { analyzeSaturation, type WorkloadSaturation } from './saturation.js';
import { projectStorage, type StorageProjection } from './storage-projection.js';
import { analyzeTargetGap, columnsOf, type TargetRow } from './target-gap.js';
import { analyzeUsl, type UslAnalysis } from './usl-analysis.js';
import { workloadSeries, type WorkloadSeries } from './workload-series.js';

export interface WorkloadAnalysis extends WorkloadSaturation {
  /** corrected-latency spectrum per step, from the HDR histogram; null when nothing was recorded */
  readonly spectra: readonly { readonly multiplier: number; readonly spectrum: LatencySpectrum | null }[];
}

export interface TargetGap {
  /** every multiplier with a column: the plan's steps and the target */
  readonly multipliers: readonly number[];
  readonly targetMultiplier: number;
  readonly rows: readonly TargetRow[];
  /** 'meets' when every row meets at the target multiplier, 'misses' when one misses, else 'inconclusive' */
  readonly verdict: 'meets' | 'misses' | 'inconclusive';
}

export interface GeneratorBoundStep {
  readonly multiplier: number;
  readonly workload: string;
  readonly reasons: readonly string[];
}

export interface Analysis {
  readonly run: {
    readonly runId: string;
    readonly planName: string;
    readonly status: RunResult['status'];
    readonly statusReason: string | null;
    readonly complete: boolean;
    readonly startedAt: string;
    readonly finishedAt: string;
  };
  readonly headline: Headline;
  readonly workloads: readonly WorkloadAnalysis[];
  readonly targetGap: TargetGap;
  readonly bottleneck: BottleneckAnalysis;
  readonly usl: UslAnalysis;
  readonly storage: StorageProjection;
  readonly recommendations: readonly Recommendation[];
  readonly thresholds: {
    readonly passed: number;
    readonly failed: number;
    readonly outcomes: readonly ThresholdOutcome[];
  };
  readonly generatorBound: readonly GeneratorBoundStep[];
  /** the run's own warnings, then anything the analysis noticed */
  readonly warnings: readonly string[];
}

const WORKLOAD_OF_WORK: Record<string, WorkloadKind> = {
  orders: 'orders',
  trades: 'orders',
  md_messages: 'market-data',
  registrations: 'registrations',
};

export function analyze(fullRun: RunResult): Analysis {
  // Saturation, the target gap and the laws judge the mixed steps (every workload at
  // once, as in production); isolated steps only explain them and are shown as detail.
  const run: RunResult = { ...fullRun, steps: fullRun.steps.filter((s) => s.phase !== 'isolated') };
  const warnings: string[] = [...run.warnings];
  const isolated = fullRun.steps.length - run.steps.length;
  if (isolated > 0) {
    warnings.push(
      `${isolated} isolated step(s) (one workload alone) are shown in the step details but not used for the verdicts, which judge the mixed steps.`,
    );
  }
  const series = workloadSeries(run);
  const saturation = series.map(analyzeSaturation);
  const workloads = saturation.map((s, i) => ({ ...s, spectra: spectraOf(series[i], warnings) }));

  // Two passes: a low utilisation is an "unexplained gap" only if the workload whose work
  // counter the laws divide by saturated, and which counter that is the first pass finds.
  const firstBottleneck = analyzeBottleneck(run, false);
  const mainKind = firstBottleneck.workKey ? WORKLOAD_OF_WORK[firstBottleneck.workKey] : undefined;
  const saturated = saturation.some(
    (s) => (mainKind === undefined || s.kind === mainKind) && (s.crossing !== null || s.plateau !== null),
  );
  const bottleneck: BottleneckAnalysis = saturated ? analyzeBottleneck(run, true) : firstBottleneck;

  const rows = analyzeTargetGap(run, series, saturation);
  const targetMultiplier = run.plan.capacity.targetMultiplier;
  const atTarget = rows.map((r) => r.atTarget);
  const verdict = atTarget.some((c) => c.verdict === 'misses')
    ? 'misses'
    : atTarget.every((c) => c.verdict === 'meets')
      ? 'meets'
      : 'inconclusive';
  const targetGap: TargetGap = { multipliers: columnsOf(run), targetMultiplier, rows, verdict };

  const usl = analyzeUsl(run, bottleneck);
  const generatorBound = run.steps.flatMap((s) =>
    s.workloads
      .filter((w) => w.generator.bound)
      .map((w) => ({ multiplier: s.multiplier, workload: w.name, reasons: w.generator.reasons })),
  );
  const recommendations = recommend({
    bottleneck,
    usl: usl.fit,
    generatorBound: generatorBound.map((g) => `${g.multiplier}x ${g.workload}`),
    meetsTarget: verdict === 'meets',
  });
  for (const w of saturation) {
    if (w.anomalies.length > 0) {
      warnings.push(
        `${w.workload}: ${w.anomalies.map((m) => `${m}x`).join(', ')} held its SLO although a lower step failed — check for a transient during the lower step.`,
      );
    }
  }
  const passed = run.thresholds.filter((t) => t.passed).length;

  const analysis = {
    run: {
      runId: run.runId,
      planName: run.plan.name,
      status: run.status,
      statusReason: run.statusReason,
      complete: run.status === 'complete',
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    },
    workloads,
    targetGap,
    bottleneck,
    usl,
    storage: projectStorage(run.plan.capacity, bytesPerOrder(series), columnsOf(run)),
    recommendations,
    thresholds: { passed, failed: run.thresholds.length - passed, outcomes: run.thresholds },
    generatorBound,
    warnings,
  };
  return { ...analysis, headline: headlineOf(analysis) };
}

function spectraOf(series: WorkloadSeries, warnings: string[]): WorkloadAnalysis['spectra'] {
  return series.points.map(({ step, result }) => {
    try {
      return { multiplier: step.multiplier, spectrum: latencySpectrum(result.latency.correctedHistogram) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      warnings.push(
        `${series.name} at ${step.multiplier}x: the latency histogram could not be decoded (${reason}); its distribution is not shown.`,
      );
      return { multiplier: step.multiplier, spectrum: null };
    }
  });
}

/** bytes per order from the most loaded step that measured it and was not generator-bound */
function bytesPerOrder(series: readonly WorkloadSeries[]): { bytes: number; source: string } | null {
  const orders = series.find((s) => s.kind === 'orders');
  const measured = (orders?.points ?? []).filter(
    (p) => (p.result.measures.bytesPerOrder ?? 0) > 0 && !p.result.generator.bound,
  );
  const best = measured.at(-1);
  return best
    ? {
        bytes: best.result.measures.bytesPerOrder,
        source: `bytes per order measured at ${best.step.multiplier}x (${orders!.name})`,
      }
    : null;
}
