/**
 * Was the generator, not the target, the limit of a step? The rules below each name one
 * way a Node.js generator runs out of room; any one of them marks the step
 * `generator-bound`, with a sentence saying which and by how much, so no report blames
 * the target for it. Lateness here is the generator's own (see LatenessTracker): waits
 * for a connection busy with a slow response are the target's doing and never count.
 */
import type { GeneratorHealth } from '../result/types.js';
import type { LatenessSummary } from '../measure/lateness-tracker.js';
import type { GeneratorSample } from './generator-monitor.js';

/**
 * Event-loop utilisation above which the loop is effectively saturated: callbacks queue
 * behind each other, so sends go out late and responses are timestamped late.
 */
export const ELU_BOUND = 0.9;
/**
 * CPU cores. One Node.js process runs JavaScript on one core; at 0.95 (GC and libuv
 * threads included) there is no headroom left for the loop.
 */
export const CPU_BOUND_CORES = 0.95;
/**
 * ms. Idle-loop timer slack is 1–3.6 ms at p99 on the dev machine; sends this late at
 * p99 mean the loop was behind, and they add that much to every corrected latency.
 */
export const LATE_SEND_P99_BOUND_MS = 10;
/**
 * ms. Event-loop delay beyond the sampling interval: responses (and market-data events)
 * wait this long before they are read and timestamped, which inflates measured latency.
 */
export const LAG_P99_BOUND_MS = 10;
/**
 * Late sends or lag with the loop busy less than this: the generator was waiting to be
 * scheduled, not working — other processes (on a shared machine, possibly the target)
 * held the CPU. Still generator-bound (its timing is off), and the reason says why.
 */
export const STARVED_ELU = 0.5;
/** Achieved below this share of the offered rate… */
export const ACHIEVED_RATIO_BOUND = 0.95;
/** …while the loop was at least this busy: the shortfall is likely the generator's own. */
export const SATURATED_ELU = 0.8;

export interface HealthInputs {
  readonly sample: GeneratorSample;
  readonly lateness: LatenessSummary;
  /** per second; for the closed model pass the achieved rate (it offers what it gets) */
  readonly offeredRate: number;
  readonly achievedRate: number;
}

export function assessGeneratorHealth({
  sample,
  lateness,
  offeredRate,
  achievedRate,
}: HealthInputs): GeneratorHealth {
  const reasons: string[] = [];
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const starved =
    sample.eventLoopUtilization < STARVED_ELU
      ? `; its own loop was busy only ${pct(sample.eventLoopUtilization)} of the time, so other processes on this machine held the CPU`
      : '';
  if (sample.eventLoopUtilization > ELU_BOUND) {
    reasons.push(
      `The generator's event loop was busy ${pct(sample.eventLoopUtilization)} of the time (limit ${pct(ELU_BOUND)}), so it could not send and read on time.`,
    );
  }
  if (sample.cpuCores >= CPU_BOUND_CORES) {
    reasons.push(
      `The generator process used ${sample.cpuCores.toFixed(2)} CPU cores (limit ${CPU_BOUND_CORES}); one Node.js process cannot go faster.`,
    );
  }
  if (lateness.generatorP99Ms > LATE_SEND_P99_BOUND_MS) {
    reasons.push(
      `Sends went out ${lateness.generatorP99Ms.toFixed(1)} ms late at p99 (limit ${LATE_SEND_P99_BOUND_MS} ms) because the generator was behind its schedule${starved}.`,
    );
  }
  if (sample.eventLoopLagP99Ms > LAG_P99_BOUND_MS) {
    reasons.push(
      `The generator's event loop lagged ${sample.eventLoopLagP99Ms.toFixed(1)} ms at p99 (limit ${LAG_P99_BOUND_MS} ms), so responses were read and timed late${starved}.`,
    );
  }
  if (
    offeredRate > 0 &&
    achievedRate < ACHIEVED_RATIO_BOUND * offeredRate &&
    sample.eventLoopUtilization >= SATURATED_ELU
  ) {
    reasons.push(
      `Achieved ${formatRate(achievedRate)}/s of ${formatRate(offeredRate)}/s offered while the generator's loop was ${pct(sample.eventLoopUtilization)} busy.`,
    );
  }
  return {
    eventLoopUtilization: sample.eventLoopUtilization,
    eventLoopLagP99Ms: sample.eventLoopLagP99Ms,
    eventLoopLagMaxMs: sample.eventLoopLagMaxMs,
    cpuCores: sample.cpuCores,
    lateSendP99Ms: lateness.generatorP99Ms,
    lateSendMaxMs: lateness.generatorMaxMs,
    processes: 1,
    bound: reasons.length > 0,
    reasons,
  };
}

/**
 * One health for several generator processes of a step: the busiest loop, the worst
 * lags and lateness, the CPU of all of them; bound when any was.
 */
export function combineGeneratorHealth(parts: readonly GeneratorHealth[]): GeneratorHealth {
  const max = (pick: (h: GeneratorHealth) => number): number =>
    parts.reduce((m, h) => Math.max(m, pick(h)), 0);
  return {
    eventLoopUtilization: max((h) => h.eventLoopUtilization),
    eventLoopLagP99Ms: max((h) => h.eventLoopLagP99Ms),
    eventLoopLagMaxMs: max((h) => h.eventLoopLagMaxMs),
    cpuCores: parts.reduce((sum, h) => sum + h.cpuCores, 0),
    lateSendP99Ms: max((h) => h.lateSendP99Ms),
    lateSendMaxMs: max((h) => h.lateSendMaxMs),
    processes: parts.reduce((sum, h) => sum + h.processes, 0),
    bound: parts.some((h) => h.bound),
    reasons: parts.flatMap((h, i) =>
      parts.length === 1 ? h.reasons : h.reasons.map((r) => `Process ${i + 1}: ${r}`),
    ),
  };
}

function formatRate(perSecond: number): string {
  return perSecond >= 100 ? Math.round(perSecond).toLocaleString('en-US') : perSecond.toFixed(1);
}
