/**
 * What `headroom run` prints on stdout when it is done: a few lines a person reads
 * (verdict, capacity per workload, bottleneck, thresholds, where the report is), or one
 * JSON object a script reads. Both come from the same analysis.
 */
import type { Analysis, ReportFiles } from '@headroom/reporter';
import type { RunResult } from '@headroom/scenarios';

import type { RunGate } from './run-exit-code.js';
import { duration, num } from './progress-format.js';

export interface RunSummary {
  readonly status: RunResult['status'];
  readonly statusReason: string | null;
  readonly verdict: Analysis['targetGap']['verdict'];
  readonly targetMultiplier: number;
  readonly capacity: readonly {
    readonly workload: string;
    readonly sustainedMultiplier: number | null;
    /** per second (connections for sessions) */
    readonly sustainedRate: number | null;
    readonly unit: string;
    readonly saturatesAt: number | null;
    /** steps left out of the judgement because the load generator, not the target, was the limit */
    readonly generatorBound: readonly number[];
    readonly stepsJudged: number;
  }[];
  readonly bottleneck: {
    readonly resource: string;
    readonly utilisation: number;
    readonly atMultiplier: number;
  } | null;
  readonly thresholds: {
    readonly passed: number;
    readonly failed: number;
    readonly failures: readonly {
      workload: string;
      multiplier: number;
      expression: string;
      message: string;
    }[];
  };
  readonly report: ReportFiles;
  /** seconds the whole command took */
  readonly elapsedSeconds: number;
  readonly exitCode: number;
  readonly exitReason: string;
}

export function summarize(
  analysis: Analysis,
  run: RunResult,
  report: ReportFiles,
  gate: RunGate,
  elapsedSeconds: number,
): RunSummary {
  const b = analysis.bottleneck;
  return {
    status: run.status,
    statusReason: run.statusReason,
    verdict: analysis.targetGap.verdict,
    targetMultiplier: analysis.targetGap.targetMultiplier,
    capacity: analysis.workloads.map((w) => ({
      workload: w.workload,
      sustainedMultiplier: w.sustainedMultiplier,
      sustainedRate: w.sustainedRate,
      unit: w.unit,
      saturatesAt: w.crossing?.multiplier ?? null,
      generatorBound: w.generatorBound,
      stepsJudged: w.steps.length - w.generatorBound.length,
    })),
    bottleneck:
      b.status === 'found' && b.bottleneck !== null && b.reference !== null
        ? {
            resource: b.bottleneck.resource,
            utilisation: b.bottleneck.utilisation,
            atMultiplier: b.reference.multiplier,
          }
        : null,
    thresholds: {
      passed: analysis.thresholds.passed,
      failed: analysis.thresholds.failed,
      failures: analysis.thresholds.outcomes
        .filter((o) => !o.passed)
        .map((o) => ({
          workload: o.workload,
          multiplier: o.multiplier,
          expression: o.expression,
          message: o.message,
        })),
    },
    report,
    elapsedSeconds,
    exitCode: gate.exitCode,
    exitReason: gate.reason,
  };
}

const VERDICT = { meets: 'Meets', misses: 'Misses', inconclusive: 'Cannot judge' } as const;

export function formatSummary(s: RunSummary): string {
  const lines: string[] = [];
  const status =
    s.status === 'complete' ? '' : ` — INCOMPLETE (${s.status}: ${s.statusReason ?? 'no reason given'})`;
  lines.push(`${VERDICT[s.verdict]} the ${s.targetMultiplier}x target${status}`);
  for (const c of s.capacity) {
    const sustained =
      c.stepsJudged === 0 && c.generatorBound.length === 0
        ? 'not measured'
        : c.stepsJudged === 0
          ? 'not judged: the load generator, not the target, was the limit at every step'
          : c.sustainedMultiplier === null
            ? 'fails its SLO at the first step'
            : `sustains ${c.sustainedMultiplier}x${c.sustainedRate === null ? '' : ` (${num(c.sustainedRate)} ${c.unit}${c.unit === 'connections' ? '' : '/s'})`}`;
    const saturates =
      c.saturatesAt === null || c.sustainedMultiplier === null ? '' : `, saturates by ${c.saturatesAt}x`;
    lines.push(`  ${c.workload.padEnd(14)} ${sustained}${saturates}`);
  }
  lines.push(
    s.bottleneck === null
      ? '  bottleneck: none named (see the report)'
      : `  bottleneck: ${s.bottleneck.resource}, ${Math.round(s.bottleneck.utilisation * 100)}% busy at ${s.bottleneck.atMultiplier}x`,
  );
  lines.push(`  thresholds: ${s.thresholds.passed} passed, ${s.thresholds.failed} failed`);
  for (const f of s.thresholds.failures.slice(0, 10))
    lines.push(`    ✗ ${f.workload} at ${f.multiplier}x: ${f.expression} — ${f.message}`);
  if (s.thresholds.failures.length > 10)
    lines.push(`    … and ${s.thresholds.failures.length - 10} more in junit.xml`);
  lines.push(`  took ${duration(s.elapsedSeconds)}; exit ${s.exitCode}: ${s.exitReason}`);
  lines.push(`report: ${s.report.index}`);
  return `${lines.join('\n')}\n`;
}
