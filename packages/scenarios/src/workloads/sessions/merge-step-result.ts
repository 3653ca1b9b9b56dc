/**
 * One WorkloadStepResult from what the generator processes of a sessions step reported.
 * Pure. Conventions of the sessions workload:
 *
 * - targetRate is the connections the step must hold; achievedRate those held at the end
 *   of the measured window; offeredRate those attempted.
 * - Operations are connection opens and heartbeats: `completed` counts connections
 *   opened and heartbeats answered, `errors` failed opens (by code: ECONNRESET,
 *   INVALID_TOKEN, CONNECT_TIMEOUT, …) and failed heartbeats (TIMEOUT, CLOSED_<code>), so
 *   an error budget covers both. Latency is the heartbeats' (measured from the beat's
 *   scheduled time), never the opens'.
 * - The timeline's offered/achieved are connections targeted/held at the end of each
 *   second; its errors and percentiles are the heartbeats'.
 */
import { mergeLatencyResults } from '../../measure/latency-histogram.js';
import { combineGeneratorHealth } from '../../monitor/generator-health.js';
import type { GeneratorHealth, TimelinePoint, WorkloadStepResult } from '../../result/types.js';
import { generatorCpuCores } from './describe-opening.js';
import type { OpenedMessage, ResultMessage } from './worker-protocol.js';

export interface StepFacts {
  readonly name: string;
  readonly target: number;
  /** connections attempted (launched) */
  readonly attempted: number;
  /** per process, null where the process exited before reporting */
  readonly opened: readonly (OpenedMessage | null)[];
  readonly results: readonly (ResultMessage | null)[];
  /** measured seconds */
  readonly windowSeconds: number;
  readonly sourceAddresses: number;
  /** seconds from the first connection due to the last settled */
  readonly openSeconds: number;
  /** CPU cores the target used while opening; null when it does not export its CPU time */
  readonly serverCpuCoresOpening: number | null;
  readonly tokensProvisioned: number;
  /** bytes, server resident memory before and while holding; null when not exported */
  readonly serverRssBefore: number | null;
  readonly serverRssHeld: number | null;
  readonly serverHeldAtProbe: number;
  readonly notes: readonly string[];
  /** open failures the parent counted itself (connections of processes that exited) */
  readonly extraFailures: Readonly<Record<string, number>>;
}

export function mergeStepResult(facts: StepFacts): WorkloadStepResult {
  const opened = facts.opened.filter((m): m is OpenedMessage => m !== null);
  const results = facts.results.filter((m): m is ResultMessage => m !== null);
  const openFailures = sumRecords([...opened.map((m) => m.failures), facts.extraFailures]);
  const failedOpens = total(openFailures);
  const heldAfterOpening = opened.reduce((s, m) => s + m.held, 0);
  const held = results.reduce((s, m) => s + m.held, 0);
  const beats = results.map((m) => m.heartbeats);
  const sumOf = (pick: (b: ResultMessage['heartbeats']) => number): number =>
    beats.reduce((s, b) => s + pick(b), 0);
  const connectTimeouts = openFailures['CONNECT_TIMEOUT'] ?? 0;

  const connect = mergeLatencyResults(opened.map((m) => m.connect));
  const generatorBytes = opened.reduce((s, m) => s + Math.max(0, m.rssHeldBytes - m.rssBeforeBytes), 0);
  const measures: Record<string, number> = {
    connectionsHeld: held,
    connectionsTarget: facts.target,
    connectionsOpened: heldAfterOpening,
    connectionsFailed: failedOpens,
    sourceAddresses: facts.sourceAddresses,
    processes: facts.opened.length,
    openSeconds: facts.openSeconds,
    openGeneratorCpuCores: generatorCpuCores(opened.map((m) => m.opening)),
    connectP50Ms: connect.corrected.p50,
    connectP99Ms: connect.corrected.p99,
    heartbeatsPerSecond: facts.windowSeconds > 0 ? sumOf((b) => b.answered) / facts.windowSeconds : 0,
    disconnects: results.reduce((s, m) => s + total(m.disconnectsInWindow), 0),
    tokensProvisioned: facts.tokensProvisioned,
    // Source ports found busy (TIME_WAIT, another program) and replaced by spare ones.
    sourcePortRetries: opened.reduce((s, m) => s + m.portRetries, 0),
  };
  if (heldAfterOpening > 0)
    measures['generatorBytesPerConnection'] = Math.round(generatorBytes / heldAfterOpening);
  if (facts.serverCpuCoresOpening !== null) measures['openServerCpuCores'] = facts.serverCpuCoresOpening;
  if (facts.serverRssBefore !== null && facts.serverRssHeld !== null && facts.serverHeldAtProbe > 0) {
    measures['serverBytesPerConnection'] = Math.round(
      Math.max(0, facts.serverRssHeld - facts.serverRssBefore) / facts.serverHeldAtProbe,
    );
  }

  return {
    workload: 'sessions',
    name: facts.name,
    unit: 'connections',
    targetRate: facts.target,
    offeredRate: facts.attempted,
    achievedRate: held,
    counts: {
      scheduled: facts.attempted + sumOf((b) => b.scheduled),
      sent: facts.attempted + sumOf((b) => b.sent),
      completed: heldAfterOpening + sumOf((b) => b.answered),
      errors: failedOpens + sumOf((b) => b.errors),
      timeouts: connectTimeouts + sumOf((b) => b.timeouts),
    },
    errorsByCode: sortKeys(sumRecords([openFailures, ...beats.map((b) => b.errorsByCode)])),
    latency: mergeLatencyResults(results.map((m) => m.latency)),
    measures,
    notes: facts.notes,
    generator:
      results.length === 0
        ? idleHealth(facts.opened.length)
        : combineGeneratorHealth(results.map((m) => m.health)),
    timeline: mergeTimelines(results, facts.target, facts.windowSeconds),
  };
}

function mergeTimelines(
  results: readonly ResultMessage[],
  target: number,
  windowSeconds: number,
): TimelinePoint[] {
  const seconds = Math.ceil(windowSeconds - 1e-9);
  return Array.from({ length: seconds }, (_, s) => {
    let held = 0;
    let errors = 0;
    let p50Ms = 0;
    let p99Ms = 0;
    for (const r of results) {
      held += r.heldPerSecond[s] ?? 0;
      const point = r.timeline[s];
      if (point === undefined) continue;
      errors += point.errors;
      // Per-second percentiles do not merge exactly; the larger is an upper bound, never an understatement.
      p50Ms = Math.max(p50Ms, point.p50Ms);
      p99Ms = Math.max(p99Ms, point.p99Ms);
    }
    return { second: s, offered: target, achieved: held, errors, p50Ms, p99Ms };
  });
}

function idleHealth(processes: number): GeneratorHealth {
  return {
    eventLoopUtilization: 0,
    eventLoopLagP99Ms: 0,
    eventLoopLagMaxMs: 0,
    cpuCores: 0,
    lateSendP99Ms: 0,
    lateSendMaxMs: 0,
    processes,
    bound: false,
    reasons: [],
  };
}

export function sumRecords(records: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const record of records) for (const [k, n] of Object.entries(record)) out[k] = (out[k] ?? 0) + n;
  return out;
}

function total(record: Readonly<Record<string, number>>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
