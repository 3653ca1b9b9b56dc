/**
 * View model of the method section: how the numbers were obtained, what was excluded, and
 * everything about the environment a reader needs to judge them.
 */
import type { RunResult } from '@headroom/scenarios';

import type { Analysis } from '../../analysis/analyze.js';
import { formatBytes, formatMultiplier, formatNumber, formatPercent } from '../../format.js';
import type { Row } from './analysis-view.js';

export interface MethodView {
  readonly paragraphs: readonly string[];
  readonly workloads: readonly Row[];
  readonly generatorBound: readonly string[];
  readonly environment: readonly Row[];
  readonly targetConfig: readonly Row[];
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

export function methodView(analysis: Analysis, run: RunResult): MethodView {
  const plan = run.plan;
  const paragraphs = [
    `Open-model load: each workload's operations were scheduled at the step's rate (${plan.workloads.map((w) => `${w.name}: ${w.arrival}`).join(', ')}) independently of responses, at ${plan.steps.map(formatMultiplier).join(', ')} of the current load, ${formatNumber(plan.durationSeconds)} s per step after ${formatNumber(plan.warmupSeconds)} s of warm-up. Warm-up is excluded from every figure.`,
    'Latency is corrected for coordinated omission: it is measured from the time each operation was scheduled to start, so a stalled system is charged for the operations it delayed. The raw figure (from the actual send) is shown beside it; a large difference means queueing in front of the system.',
    'Every latency was recorded in an HDR histogram (microseconds, 3 significant digits); percentiles and distributions are read from those histograms, which are kept in results.json so the report can be re-rendered or merged.',
    'The generator watched itself (event-loop utilisation and lag, late sends, CPU). A step it could not drive at the planned rate is generator-bound: it is shown, but never counted as evidence against the system.',
    'Saturation is the highest step whose p99 SLO, error budget and achieved/target ratio all hold. The bottleneck comes from the operational laws on the busy time the target reported: U = B/(K·T), D = B/C, X ≤ K/D.',
    run.sweep
      ? `The Universal Scalability Law was fitted by bounded least squares (Levenberg–Marquardt, σ, κ ∈ [0, 1], λ > 0) to a closed-loop ${run.sweep.workload} sweep of ${run.sweep.points.length} concurrency levels (${run.sweep.stoppedBecause}).`
      : 'No concurrency sweep was run, so no scalability model was fitted.',
  ];
  if (plan.loadScale !== 1)
    paragraphs.push(
      `Quick mode: every rate and count of the plan was scaled by ${formatPercent(plan.loadScale)}; data volumes were not.`,
    );
  return {
    paragraphs,
    workloads: plan.workloads.map((w) => ({
      cells: [
        w.name,
        w.kind,
        `${formatNumber(w.baseline.value)} ${w.baseline.unit}`,
        w.baseline.explanation,
        `p99 ≤ ${formatNumber(w.slo.p99Ms)} ms, errors ≤ ${formatPercent(w.slo.errorBudget)}, achieved ≥ ${formatPercent(w.slo.minAchievedRatio)} of target`,
      ],
    })),
    generatorBound: analysis.generatorBound.map(
      (g) => `${formatMultiplier(g.multiplier)} ${g.workload}: ${g.reasons.join('; ') || 'no reason given'}`,
    ),
    environment: [
      { cells: ['headroom', run.tool.version] },
      { cells: ['Node.js', run.environment.node] },
      { cells: ['platform', `${run.environment.platform} ${run.environment.arch}`] },
      { cells: ['CPU', `${run.environment.cpus} × ${run.environment.cpuModel}`] },
      { cells: ['memory', formatBytes(run.environment.totalMemoryBytes)] },
      { cells: ['host', run.environment.hostname] },
      {
        cells: [
          'open-file limit',
          run.environment.openFileLimit === null ? 'unknown' : formatNumber(run.environment.openFileLimit),
        ],
      },
      { cells: ['target', `${run.target.kind} at ${run.target.url}`] },
    ],
    targetConfig: Object.entries(run.target.config).map(([k, v]) => ({ cells: [k, String(v)] })),
    notes: [
      ...plan.notes,
      ...(run.target.failure
        ? [
            `The target failed${run.target.failure.atStep !== null ? ` at step ${run.target.failure.atStep}` : ''}: ${run.target.failure.message}`,
          ]
        : []),
    ],
    warnings: analysis.warnings,
  };
}
