/**
 * The sessions workload: hold the plan's concurrent connections (capacity.concurrentUsers
 * × the step: 5,000 at 1x, 50,000 at 10x), each authenticated with its own session token
 * and kept alive with heartbeats, spread over loopback source addresses and over as many
 * generator processes as the open-file limit requires. Tokens come from the target's
 * admin fixtures route, provisioned once for the largest step (`options.tokens` × the step
 * of them: the capacity table's active sessions; the connections use as many as they need).
 *
 * A step holding fewer connections than its target is a result, not an error: the notes
 * say what limited it (the server, the generator, the source ports).
 */
import { DEFAULT_METRICS_PATH } from '../../plan/defaults.js';
import { typedWorkload } from '../../plan/typed-workload.js';
import type { SessionsOptions } from '../../plan/types.js';
import { HeadroomError } from '../../errors.js';
import type { WorkloadStepResult } from '../../result/types.js';
import type { StepSpec, Workload, WorkloadContext, WorkloadFactory } from '../workload.js';
import type { GeneratorPool } from './generator-pool.js';
import { mergeStepResult } from './merge-step-result.js';
import { provisionSessionTokens } from './provision-tokens.js';
import { windowAfterWarmup } from './hold-connections.js';
import { measureSessionsStep, openSessionsStep, type OpenedSessionsStep } from './run-sessions-step.js';

/**
 * Descriptors left free in the target's process for the other workloads of a mixed step:
 * their connections (orders, market data, logins) number in the hundreds at 10x, plus the
 * runner's metrics scrapes.
 */
const COMPANION_DESCRIPTOR_RESERVE = 1024;

export const createSessionsWorkload: WorkloadFactory = (context) => new SessionsWorkload(context);

class SessionsWorkload implements Workload {
  readonly kind = 'sessions' as const;
  readonly name: string;
  private readonly options: SessionsOptions;
  /** connection-ordered: the first ones belong to different users */
  private tokens: string[] = [];
  private pool: GeneratorPool | null = null;
  /** the step openStep opened (or is opening), until runStep measures it */
  private opening:
    | { readonly step: StepSpec; readonly opening: Promise<OpenedSessionsStep | WorkloadStepResult> }
    | undefined;
  private readonly closing = new AbortController();
  private readonly signal: AbortSignal;

  constructor(private readonly context: WorkloadContext) {
    const typed = typedWorkload(context.workload);
    if (typed.kind !== 'sessions') {
      throw new HeadroomError(
        'WRONG_WORKLOAD_KIND',
        'internal',
        `createSessionsWorkload was given a '${typed.kind}' workload`,
      );
    }
    this.name = typed.name;
    this.options = typed.options;
    this.signal = AbortSignal.any([context.signal, this.closing.signal]);
  }

  async prepare(): Promise<void> {
    const { plan } = this.context;
    const isolated =
      plan.isolated.enabled && plan.isolated.workloads.includes(this.name) ? plan.isolated.steps : [];
    const largest = Math.max(0, ...plan.steps, ...isolated);
    await this.ensureTokens(this.tokensFor(largest));
  }

  /**
   * Opens and holds the step's connections before any workload of the step starts its
   * warm-up, so this workload's window starts with theirs. A failure is kept for runStep.
   */
  async openStep(step: StepSpec): Promise<void> {
    const opening = this.open(step);
    this.opening = { step, opening };
    await opening.catch(() => undefined);
  }

  async runStep(step: StepSpec): Promise<WorkloadStepResult> {
    const pending = this.opening?.step === step ? this.opening.opening : undefined;
    this.opening = undefined;
    if (pending === undefined) {
      // Driven without openStep: opening counts as warm-up.
      const opened = await this.open(step);
      return 'held' in opened ? measureSessionsStep(opened, opened.held?.plannedWindowStart ?? 0) : opened;
    }
    const opened = await pending;
    // Opened already: the warm-up starts now, with the other workloads' warm-up.
    return 'held' in opened ? measureSessionsStep(opened, windowAfterWarmup(step.warmupSeconds)) : opened;
  }

  async close(): Promise<void> {
    this.closing.abort();
    const pending = this.opening;
    this.opening = undefined;
    // A step opened and never measured: stop its ticks; its processes are killed below.
    const opened = await pending?.opening.catch(() => undefined);
    if (opened !== undefined && 'held' in opened) opened.held?.release();
    await this.pool?.kill();
  }

  /** The step's connections opened and held, or the result of a step that got no tokens. */
  private async open(step: StepSpec): Promise<OpenedSessionsStep | WorkloadStepResult> {
    const connections = this.connectionsAt(step.multiplier);
    try {
      await this.ensureTokens(this.tokensFor(step.multiplier));
    } catch (error) {
      return this.unprovisioned(connections, error);
    }
    const { target, plan } = this.context;
    return openSessionsStep({
      name: this.name,
      baseUrl: target.baseUrl,
      streamUrl: target.streamUrl,
      metricsPath: plan.target.kind === 'url' ? plan.target.metricsPath : DEFAULT_METRICS_PATH,
      connections,
      reserveForCompanions: step.companions.length > 0 ? COMPANION_DESCRIPTOR_RESERVE : 0,
      tokens: this.tokens,
      options: this.options,
      warmupSeconds: step.warmupSeconds,
      durationSeconds: step.durationSeconds,
      signal: this.signal,
      ...(step.onTick === undefined ? {} : { onTick: step.onTick }),
      ...(step.onMeasureStart === undefined ? {} : { onMeasureStart: step.onMeasureStart }),
      ...(step.onMeasureEnd === undefined ? {} : { onMeasureEnd: step.onMeasureEnd }),
      log: this.context.log,
      onPool: (pool) => (this.pool = pool),
    });
  }

  private connectionsAt(multiplier: number): number {
    return Math.round(this.context.workload.baseline.value * multiplier);
  }

  /** Every connection needs a token of its own; beyond that, the plan's active sessions. */
  private tokensFor(multiplier: number): number {
    return Math.max(this.connectionsAt(multiplier), Math.round(this.options.tokens * multiplier));
  }

  private async ensureTokens(count: number): Promise<void> {
    if (count <= this.tokens.length) return;
    const adminToken = this.context.target.adminToken;
    if (adminToken === null) {
      throw new HeadroomError(
        'SESSIONS_NEED_ADMIN_TOKEN',
        'usage',
        `workload '${this.name}': the sessions workload provisions its session tokens through the target's ` +
          `admin fixtures route (POST /v1/admin/fixtures), and the target has no admin token; set target.adminToken`,
      );
    }
    const baseline = this.context.workload.baseline.value;
    // Users get sessions in the plan's ratio of active sessions to concurrent users (2 by default).
    const sessionsPerUser = baseline > 0 ? Math.max(1, Math.round(this.options.tokens / baseline)) : 1;
    this.context.log(
      `${this.name}: provisioning ${(count - this.tokens.length).toLocaleString('en-US')} session tokens`,
    );
    const more = await provisionSessionTokens({
      baseUrl: this.context.target.baseUrl,
      adminToken,
      sessions: count - this.tokens.length,
      sessionsPerUser,
      runId: this.context.runId,
      signal: this.signal,
    });
    this.tokens = [...this.tokens, ...more];
  }

  /** A step that could not get its tokens: every connection counts as failed, with the reason. */
  private unprovisioned(connections: number, error: unknown): WorkloadStepResult {
    const message = error instanceof Error ? error.message : String(error);
    return mergeStepResult({
      name: this.name,
      target: connections,
      attempted: 0,
      opened: [],
      results: [],
      windowSeconds: 0,
      sourceAddresses: 0,
      openSeconds: 0,
      tokensProvisioned: this.tokens.length,
      serverRssBefore: null,
      serverRssHeld: null,
      serverHeldAtProbe: 0,
      serverCpuCoresOpening: null,
      notes: [
        `Held 0 of ${connections.toLocaleString('en-US')} connections: session tokens could not be provisioned (${message}).`,
      ],
      extraFailures: { FIXTURES_FAILED: connections },
    });
  }
}
