/**
 * `headroom run`, the whole job: resolve the plan, say how long it will take, start or
 * find the target, drive the plan with live progress, write the report, stop the target,
 * and say which exit code the gates earned. Ctrl-C is part of the job, not an accident:
 * the load stops at once and whatever was measured is still analysed and written,
 * marked interrupted.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { analyze, renderReport } from '@headroom/reporter';
import {
  HeadroomError,
  estimatePlanDuration,
  runPlan,
  type PlanOverrides,
  type ResolvedPlan,
  type RunResult,
} from '@headroom/scenarios';

import { ExitCode } from '../exit-codes.js';
import { launchBundledTarget } from './bundled-target.js';
import { createProgressDisplay } from './progress-display.js';
import { duration } from './progress-format.js';
import { resolveRunPlan } from './resolve-run-plan.js';
import { gateRun } from './run-exit-code.js';
import { summarize, type RunSummary } from './run-summary.js';
import type { TargetHandle } from './target-handle.js';
import { trapInterrupts } from './trap-interrupts.js';
import { connectUrlTarget } from './url-target.js';

export interface RunCapacityTestOptions {
  /** plan file; the default plan when absent */
  readonly planPath?: string;
  readonly overrides: PlanOverrides;
  /** report directory. @default ./headroom-report/<UTC timestamp> */
  readonly outDir?: string;
  /** the CLI's bin/run.js, to start the bundled system with the same build */
  readonly cliBin: string;
  /** where progress goes (stderr) and whether to redraw it in place */
  readonly progress: {
    readonly stream: NodeJS.WritableStream & { columns?: number };
    readonly interactive: boolean;
  };
  /** true: the bundled system's own log lines are shown too */
  readonly verbose?: boolean;
  /** recorded in RunResult.tool.version: the CLI's own */
  readonly toolVersion: string;
  /** Injected clock for the default directory name. @default new Date() */
  readonly now?: Date;
}

export interface RunCapacityTestOutcome {
  readonly summary: RunSummary;
  readonly run: RunResult;
}

export async function runCapacityTest(options: RunCapacityTestOptions): Promise<RunCapacityTestOutcome> {
  const startedMs = Date.now();
  const plan = await resolveRunPlan(options.planPath, options.overrides);
  const outDir = resolve(options.outDir ?? defaultOutDir(options.now ?? new Date()));
  await ensureWritable(outDir);

  const display = createProgressDisplay({
    stream: options.progress.stream,
    interactive: options.progress.interactive,
    totalSteps: totalSteps(plan),
    stepSeconds: plan.durationSeconds,
  });
  display.log(announce(plan));

  let target: TargetHandle | undefined;
  const trap = trapInterrupts(
    (signal) =>
      display.log(`${signal}: stopping the load and writing what was measured (again to quit at once)`),
    () => {
      target?.kill();
      process.exit(ExitCode.INTERRUPTED);
    },
  );
  try {
    target =
      plan.target.kind === 'bundled'
        ? await launchBundledTarget(plan.target, {
            cliBin: options.cliBin,
            ...(options.verbose === true ? { onLog: (line: string) => display.log(`system: ${line}`) } : {}),
          })
        : await connectUrlTarget(plan.target);
    display.log(
      `target: ${target.endpoint.baseUrl}${target.kind === 'bundled' ? ' (bundled reference system)' : ''}`,
    );
    const measured = await runPlan({
      plan,
      target: target.endpoint,
      targetConfig: target.config,
      signal: trap.signal,
      onProgress: display.onProgress,
      isTargetAlive: target.isAlive,
      toolVersion: options.toolVersion,
    });
    const run = namingTheSignal(measured, trap.received());
    display.stop();
    // The target's job is done; stopping it first gives the analysis the whole machine.
    await target.close();
    const analysis = analyze(run);
    const report = await renderReport(analysis, run, outDir);
    const summary = summarize(analysis, run, report, gateRun(run), (Date.now() - startedMs) / 1000);
    return { summary, run };
  } finally {
    display.stop();
    trap.dispose();
    await target?.close();
  }
}

/** runPlan knows the run was interrupted; the CLI knows by what: 'Interrupted (SIGINT) during …'. */
function namingTheSignal(run: RunResult, signal: NodeJS.Signals | null): RunResult {
  if (run.status !== 'interrupted' || signal === null || run.statusReason === null) return run;
  return { ...run, statusReason: run.statusReason.replace(/^Interrupted\b/, `Interrupted (${signal})`) };
}

function totalSteps(plan: ResolvedPlan): number {
  const isolated = plan.isolated.enabled ? plan.isolated.workloads.length * plan.isolated.steps.length : 0;
  return plan.steps.length + isolated;
}

function announce(plan: ResolvedPlan): string {
  const e = estimatePlanDuration(plan);
  const parts = [`${plan.steps.length} steps ${duration(e.steps)}`];
  if (e.isolated > 0) parts.push(`isolated runs ${duration(e.isolated)}`);
  if (e.sweep > 0) parts.push(`sweep up to ${duration(e.sweep)}`);
  return (
    `headroom: plan '${plan.name}'${plan.quick ? ' (quick)' : ''}, steps ${plan.steps.map((s) => `${s}x`).join(', ')}, ` +
    `workloads ${plan.workloads.map((w) => w.name).join(', ')}\n` +
    `about ${duration(e.seconds)} of load (${parts.join(', ')}), plus start-up and provisioning`
  );
}

/** ./headroom-report/2025-01-31T12-00-00Z: sortable, and valid as a file name everywhere */
export function defaultOutDir(now: Date): string {
  return join(
    'headroom-report',
    now
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')
      .replace(/:/g, '-'),
  );
}

/** A report directory that cannot be created fails now, not after ten minutes of load. */
async function ensureWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new HeadroomError(
      'REPORT_WRITE_FAILED',
      'usage',
      `--out: cannot create ${dir}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
