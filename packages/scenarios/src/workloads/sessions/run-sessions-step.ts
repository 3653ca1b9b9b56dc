/**
 * One sessions step: spread the step's connections over generator processes and source
 * addresses (sessions-layout.ts), open and hold them with heartbeats through warm-up and
 * the measured window (hold-connections.ts), then turn what the processes reported into
 * the step's result, with notes that say what limited the connections held.
 *
 * In a step the runner drives, the connections are opened first (openSessionsStep, from
 * the workload's openStep) and the warm-up starts with the other workloads' warm-up, so
 * the windows line up. Driven alone (runSessionsStep), opening counts as warm-up. When it
 * takes longer than the warm-up, the measured window starts once every connection has
 * opened or failed (a window with connections still arriving would measure the ramp, not
 * the holding), and a note says so.
 */
import type { SessionsOptions } from '../../plan/types.js';
import { openFileLimit } from '../../result/environment-info.js';
import type { WorkloadStepResult } from '../../result/types.js';
import type { WorkloadTick } from '../workload.js';
import { describeOpening } from './describe-opening.js';
import { explainSessionsLimit } from './explain-limit.js';
import type { GeneratorPool } from './generator-pool.js';
import { measureConnections, openConnections, type HeldConnections } from './hold-connections.js';
import { mergeStepResult, sumRecords } from './merge-step-result.js';
import { probeServer, type ServerSnapshot } from './server-probe.js';
import { ephemeralPortRange, planSessionsLayout, type SessionsLayout } from './sessions-layout.js';
import type { OpenedMessage } from './worker-protocol.js';

export interface SessionsStepOptions {
  readonly name: string;
  /** http://host:port of the target */
  readonly baseUrl: string;
  /** ws://host:port/v1/stream */
  readonly streamUrl: string;
  readonly metricsPath: string;
  readonly connections: number;
  /**
   * Descriptors of the target's process to leave free for the step's other workloads
   * (0 when sessions runs alone). Without it, sessions would take every descriptor a
   * one-process target has and the orders and market-data connections of the same step
   * would be refused, hiding their figures behind the sessions finding.
   */
  readonly reserveForCompanions: number;
  /** at least `connections` tokens; connection i uses tokens[i] */
  readonly tokens: readonly string[];
  readonly options: SessionsOptions;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly signal: AbortSignal;
  readonly onTick?: (tick: WorkloadTick) => void;
  /** Called when the measured window begins and ends (StepSpec.onMeasureStart/End). */
  readonly onMeasureStart?: () => void;
  readonly onMeasureEnd?: () => void;
  readonly log: (message: string) => void;
  /** The pool while it runs (null once closed), so the workload can kill it from close(). */
  readonly onPool?: (pool: GeneratorPool | null) => void;
}

/** A step's connections, opened and held, waiting for the measured window. */
export interface OpenedSessionsStep {
  readonly o: SessionsStepOptions;
  readonly layout: SessionsLayout;
  readonly notes: string[];
  /** the generator processes' open-file limit; null when unknown */
  readonly generatorFds: number | null;
  /** null when the step holds no connections */
  readonly held: HeldConnections | null;
}

/** Opens and holds the step's connections; warm-up counted from when opening starts. */
export async function runSessionsStep(o: SessionsStepOptions): Promise<WorkloadStepResult> {
  const step = await openSessionsStep(o);
  return measureSessionsStep(step, step.held?.plannedWindowStart ?? 0);
}

/** Spreads the step's connections over processes and addresses, opens them and holds them. */
export async function openSessionsStep(o: SessionsStepOptions): Promise<OpenedSessionsStep> {
  const { options } = o;
  const generatorFds = openFileLimit();
  const capped = await capForCompanions(o);
  const layout = planSessionsLayout({
    connections: capped.connections,
    maxConnectionsPerProcess: options.maxConnectionsPerProcess,
    openFileLimit: generatorFds,
    sourceAddresses: options.sourceAddresses,
    portRange: ephemeralPortRange(),
  });
  const notes: string[] = [...capped.notes, ...layout.notes];
  const held = layout.connections === 0 ? null : await openConnections(o, layout, notes);
  return { o, layout, notes, generatorFds, held };
}

/**
 * How many connections to attempt: all of them, unless the target's own process cannot
 * hold them and the step's other workloads still need descriptors there. The shortfall
 * stays a finding (the step's target is unchanged), stated in the notes.
 */
async function capForCompanions(
  o: SessionsStepOptions,
): Promise<{ readonly connections: number; readonly notes: readonly string[] }> {
  if (o.reserveForCompanions <= 0 || o.connections === 0) return { connections: o.connections, notes: [] };
  const server = await probeServer(o.baseUrl, o.metricsPath);
  if (server.maxFds === null || server.openFds === null) return { connections: o.connections, notes: [] };
  const room = Math.max(0, Math.floor(server.maxFds - server.openFds - o.reserveForCompanions));
  if (o.connections <= room) return { connections: o.connections, notes: [] };
  const fmt = (n: number): string => n.toLocaleString('en-US');
  return {
    connections: room,
    notes: [
      `Limited by the target's open-file limit: its process may hold ${fmt(server.maxFds)} descriptors and had ` +
        `${fmt(server.openFds)} open, so ${fmt(room)} of the ${fmt(o.connections)} connections were attempted and ` +
        `${fmt(o.reserveForCompanions)} descriptors were left for the step's other workloads. ` +
        `One gateway process cannot hold this step's users: more gateway processes (or hosts) are needed.`,
    ],
  };
}

/**
 * Measures held connections over a window planned to start at `plannedWindowStart` (epoch
 * ms; see windowAfterWarmup), closes them and says what limited them.
 */
export async function measureSessionsStep(
  step: OpenedSessionsStep,
  plannedWindowStart: number,
): Promise<WorkloadStepResult> {
  const { o, layout, notes, generatorFds, held } = step;
  const { options } = o;
  // The step's target, not what was attempted: a capped step still misses its target.
  const n = o.connections;
  if (held === null)
    return emptyResult(o, [...notes, 'The step holds no connections (0 at this multiplier).']);

  const collected = await measureConnections(o, held, notes, plannedWindowStart);
  const { serverBefore, serverHeld } = collected;
  // Read after the connections are closed: a server at its connection limit drops this
  // request too while they are held. The dropped counter is cumulative, so it still counts.
  const serverAfter = await probeServer(o.baseUrl, o.metricsPath);
  const { opened, results } = collected;

  const extraFailures: Record<string, number> = {};
  layout.processes.forEach(({ count }, p) => {
    if (opened[p] === null && collected.interrupted !== 'opening') {
      extraFailures['GENERATOR_EXITED'] = (extraFailures['GENERATOR_EXITED'] ?? 0) + count;
    }
    const exit = collected.exits[p];
    if (exit !== null && exit !== undefined) notes.push(`Generator process ${p + 1} ${exit}.`);
  });
  const heldAfterOpening = opened.reduce((s, m) => s + (m?.held ?? 0), 0);
  notes.unshift(
    ...explainSessionsLimit({
      target: n,
      held: results.reduce((s, m) => s + (m?.held ?? 0), 0),
      heldAfterOpening,
      openFailures: sumRecords([...opened.map((m) => m?.failures ?? {}), extraFailures]),
      disconnectsInWindow: sumRecords(results.map((m) => m?.disconnectsInWindow ?? {})),
      disconnectsBeforeWindow: sumRecords(results.map((m) => m?.disconnectsBeforeWindow ?? {})),
      processes: layout.processes.length,
      sourceAddresses: layout.sourceAddressesUsed,
      timeoutMs: options.timeoutMs,
      generatorOpenFileLimit: generatorFds,
      serverMaxFds: serverBefore.maxFds ?? serverAfter.maxFds,
      serverDropped: difference(serverAfter.dropped, serverBefore.dropped),
    }),
  );
  if (serverHeld !== null && (serverBefore.rssBytes === null || serverHeld.rssBytes === null)) {
    const why =
      serverHeld.metricsProblem ??
      serverBefore.metricsProblem ??
      'it exports no process_resident_memory_bytes';
    notes.push(`Server memory per connection not measured: ${why}.`);
  }
  const settled = opened.filter((m): m is OpenedMessage => m !== null);
  const openSeconds =
    settled.length === 0
      ? 0
      : Math.max(0, (Math.max(...settled.map((m) => m.settledEpochMs)) - collected.rampStartEpochMs) / 1000);
  const attempted =
    opened.reduce((s, m) => s + (m === null ? 0 : m.held + total(m.failures)), 0) + total(extraFailures);
  const serverCpuCores = cpuCoresBetween(serverBefore, serverHeld);
  if (settled.length > 0) {
    notes.push(
      describeOpening({
        attempted,
        openSeconds,
        planRatePerSecond: options.connectRatePerSecond,
        generator: settled.map((m) => m.opening),
        serverCpuCores,
      }),
    );
  }
  return mergeStepResult({
    name: o.name,
    target: n,
    attempted,
    opened,
    results,
    windowSeconds: collected.windowSeconds,
    sourceAddresses: layout.sourceAddressesUsed,
    openSeconds,
    serverCpuCoresOpening: serverCpuCores,
    tokensProvisioned: o.tokens.length,
    serverRssBefore: serverBefore.rssBytes,
    serverRssHeld: serverHeld?.rssBytes ?? null,
    serverHeldAtProbe: heldAfterOpening,
    notes,
    extraFailures,
  });
}

function emptyResult(o: SessionsStepOptions, notes: string[]): WorkloadStepResult {
  return mergeStepResult({
    name: o.name,
    target: 0,
    attempted: 0,
    opened: [],
    results: [],
    windowSeconds: 0,
    sourceAddresses: 0,
    openSeconds: 0,
    tokensProvisioned: o.tokens.length,
    serverRssBefore: null,
    serverRssHeld: null,
    serverHeldAtProbe: 0,
    serverCpuCoresOpening: null,
    notes,
    extraFailures: {},
  });
}

/** CPU cores the target used between two snapshots; null when either lacks the figure. */
function cpuCoresBetween(before: ServerSnapshot, after: ServerSnapshot | null): number | null {
  if (after === null || before.cpuSeconds === null || after.cpuSeconds === null) return null;
  const wallSeconds = (after.takenAtMs - before.takenAtMs) / 1000;
  return wallSeconds > 0 ? Math.max(0, after.cpuSeconds - before.cpuSeconds) / wallSeconds : null;
}

function difference(after: number | null, before: number | null): number | null {
  return after === null || before === null ? null : after - before;
}

function total(record: Readonly<Record<string, number>>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}
