/**
 * `runPlan`: a ResolvedPlan → a RunResult, by driving the target. In order:
 *
 *   prepare every workload (users, sessions, pre-filled books)
 *   mixed steps: all workloads at once, each at baseline × the step's multiplier
 *   isolated runs: each listed workload alone (its own limits, without interference)
 *   the concurrency sweep (closed loop, for the USL fit)
 *   thresholds over the mixed steps, warnings, environment, the plan with secrets removed
 *
 * It never hangs and never loses what it measured: Ctrl-C (the caller's signal) stops the
 * load at once and the result is 'interrupted'; a target that dies ends it 'aborted' with
 * the reason. Bad configuration (category 'usage') and bugs are thrown.
 */
import { HeadroomError } from '../errors.js';
import { redactPlan } from '../plan/redact-plan.js';
import type { ResolvedPlan } from '../plan/types.js';
import { environmentInfo } from '../result/environment-info.js';
import {
  RUN_RESULT_SCHEMA_VERSION,
  type RunResult,
  type StepResult,
  type SweepResult,
} from '../result/types.js';
import { TargetMetricsSampler } from '../target-metrics/target-metrics-sampler.js';
import { scrapeMetrics } from '../target-metrics/scrape-metrics.js';
import { evaluateThresholds } from '../thresholds/evaluate-thresholds.js';
import { createWorkload } from '../workloads/registry.js';
import type { Workload } from '../workloads/workload.js';
import { driveStep } from './drive-step.js';
import { driveSweep } from './drive-sweep.js';
import { ProgressClock } from './progress-clock.js';
import { RunControl, unlessAborted } from './run-control.js';
import { createRunId, toolVersion } from './run-identity.js';
import type { ProgressEvent, RunPlanOptions } from './run-plan-types.js';
import { runStatus } from './run-status.js';

/** ms to wait for workloads to close their connections and child processes */
const CLOSE_TIMEOUT_MS = 15_000;

export async function runPlan(options: RunPlanOptions): Promise<RunResult> {
  const { plan, target } = options;
  const startedAt = new Date();
  const runId = options.runId ?? createRunId(startedAt);
  const emit = (event: ProgressEvent): void => options.onProgress?.(event);
  const control = new RunControl(target, options.signal, options.isTargetAlive);
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
    emit({ type: 'warning', message });
  };
  const steps: StepResult[] = [];
  let sweep: SweepResult | null = null;
  let where = 'preparation';
  let preparing = true;
  const workloads = plan.workloads.map((workload) =>
    createWorkload({
      plan,
      runId,
      workload,
      target,
      signal: control.signal,
      log: (message) =>
        emit(
          preparing
            ? { type: 'prepare', workload: workload.name, message }
            : { type: 'log', workload: workload.name, message },
        ),
    }),
  );
  const baselines = new Map(plan.workloads.map((w) => [w.name, w.baseline.value]));
  const clock = new ProgressClock(segments(plan));
  let segment = 0;
  let stepIndex = 0;
  /** the target's metrics URL, null when it serves none (decided once, after preparation) */
  let metricsUrl: string | null = null;

  const runStep = async (
    phase: 'mixed' | 'isolated',
    multiplier: number,
    group: readonly Workload[],
  ): Promise<void> => {
    where =
      phase === 'mixed'
        ? `step ${stepIndex + 1} (${multiplier}x)`
        : `the isolated run of ${group[0].name} at ${multiplier}x`;
    clock.begin(segment++);
    control.currentStep = stepIndex;
    emit({
      type: 'step-start',
      phase,
      index: stepIndex,
      multiplier,
      workloads: group.map((w) => w.name),
      secondsLeft: clock.secondsLeft(),
    });
    const driven = await driveStep({
      index: stepIndex,
      phase,
      multiplier,
      warmupSeconds: plan.warmupSeconds,
      durationSeconds: plan.durationSeconds,
      workloads: group,
      baselineOf: (name) => baselines.get(name) ?? 0,
      metricsUrl,
      signal: control.signal,
      onTick: (tick) =>
        emit({ type: 'tick', index: stepIndex, multiplier, secondsLeft: clock.secondsLeft(), ...tick }),
    });
    // A step stopped before its window began measured nothing: it is not a result.
    if (driven.step.status === 'interrupted' && driven.step.durationSeconds === 0) return;
    stepIndex++;
    steps.push(driven.step);
    emit({ type: 'step-end', step: driven.step, secondsLeft: clock.secondsLeft() });
    if (driven.metricsNote !== null) warn(`${capitalize(where)}: ${driven.metricsNote}.`);
    for (const { workload, error } of driven.failures) {
      if (error instanceof HeadroomError && (error.category === 'usage' || error.category === 'internal'))
        throw error;
      warn(
        `${capitalize(where)}: ${workload} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const bound = driven.step.workloads.filter((w) => w.generator.bound);
    if (bound.length > 0) {
      // One process drives every workload of a step, so one reason usually explains them all.
      warn(
        `${capitalize(where)}: the generator, not the target, limited ${bound.map((w) => w.name).join(', ')}: ${bound[0].generator.reasons[0] ?? ''}`,
      );
    }
    const nothingWorked = driven.step.workloads.every((w) => w.counts.completed === 0 && w.counts.errors > 0);
    if (nothingWorked) await control.checkTarget();
  };

  try {
    for (const workload of workloads) {
      emit({ type: 'prepare', workload: workload.name, message: 'preparing' });
      const prepared = await unlessAborted(
        workload.prepare().then(() => true),
        control.signal,
      ).catch(async (error: unknown) => {
        if (!(error instanceof HeadroomError) || error.category === 'usage' || error.category === 'internal')
          throw error;
        if (error.category === 'interrupted' || control.ended !== null) return false;
        if (await control.checkTarget()) control.fail(`Preparing ${workload.name} failed: ${error.message}`);
        return false;
      });
      if (prepared !== true) break;
    }
    preparing = false;
    if (control.ended === null) metricsUrl = await metricsEndpoint(plan, target.baseUrl, warn);

    for (const multiplier of plan.steps) {
      if (control.ended !== null) break;
      await runStep('mixed', multiplier, workloads);
    }
    if (plan.isolated.enabled) {
      for (const name of plan.isolated.workloads) {
        const alone = workloads.filter((w) => w.name === name);
        for (const multiplier of plan.isolated.steps) {
          if (control.ended !== null || alone.length === 0) break;
          await runStep('isolated', multiplier, alone);
        }
      }
    }
    if (plan.sweep.enabled && control.ended === null) {
      where = 'the concurrency sweep';
      clock.begin(segment++);
      control.currentStep = null;
      const chosen = workloads.find((w) => w.name === plan.sweep.workloadName);
      if (chosen?.sweep === undefined) {
        warn(
          `The concurrency sweep was skipped: workload '${plan.sweep.workloadName}' has no closed-loop form.`,
        );
      } else {
        const sampler = metricsUrl === null ? null : new TargetMetricsSampler(metricsUrl);
        sweep = await driveSweep(plan, chosen.kind, chosen.sweep, sampler, control.signal, (point) =>
          emit({ type: 'sweep-point', point, secondsLeft: clock.secondsLeft() }),
        ).catch(async (error: unknown) => {
          if (!(error instanceof HeadroomError) || error.category !== 'target') throw error;
          warn(`The concurrency sweep failed: ${error.message}`);
          await control.checkTarget();
          return null;
        });
      }
    }
  } finally {
    await closeAll(workloads);
    control.dispose();
  }

  const mixed = steps.filter((s) => s.phase === 'mixed');
  const { status, statusReason, failure } = runStatus(control.ended, where, mixed, plan.steps.length);
  return {
    schemaVersion: RUN_RESULT_SCHEMA_VERSION,
    tool: { name: 'headroom', version: options.toolVersion ?? toolVersion() },
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    status,
    statusReason,
    environment: environmentInfo(),
    target: {
      kind: plan.target.kind,
      url: withoutCredentials(target.baseUrl),
      config: { ...options.targetConfig },
      failure,
    },
    plan: redactPlan(plan),
    steps,
    sweep,
    thresholds: evaluateThresholds(plan, mixed),
    warnings,
  };
}

/** Planned seconds of each phase, in run order (the sweep at its upper bound). */
function segments(plan: ResolvedPlan): number[] {
  const perStep = plan.warmupSeconds + plan.durationSeconds;
  const isolated = plan.isolated.enabled ? plan.isolated.workloads.length * plan.isolated.steps.length : 0;
  const points = Math.max(plan.sweep.minPoints, Math.floor(Math.log2(plan.sweep.maxConcurrency)) * 2);
  const warmup = Math.min(1, plan.warmupSeconds, plan.sweep.pointSeconds / 2);
  const sweep = plan.sweep.enabled ? points * (plan.sweep.pointSeconds + warmup) : 0;
  return [...plan.steps.map(() => perStep), ...Array.from({ length: isolated }, () => perStep), sweep];
}

/** The metrics URL when the target serves metrics there, else null (and a warning). */
async function metricsEndpoint(
  plan: ResolvedPlan,
  baseUrl: string,
  warn: (m: string) => void,
): Promise<string | null> {
  const path = plan.target.kind === 'url' ? plan.target.metricsPath : '/metrics';
  const url = `${baseUrl}${path}`;
  const probe = await scrapeMetrics(url);
  if (probe.ok) return url;
  warn(
    `The target exposes no usable metrics (${probe.reason}): steps carry no resource deltas, so no bottleneck can be named.`,
  );
  return null;
}

async function closeAll(workloads: readonly Workload[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
  await Promise.race([Promise.allSettled(workloads.map((w) => w.close())), timeout]);
  clearTimeout(timer);
}

function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
