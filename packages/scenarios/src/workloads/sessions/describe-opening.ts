/**
 * One sentence on how opening went: the rate reached against the plan's pace, and who was
 * busy meanwhile — the generator processes (CPU, busiest event loop) and the target (its
 * `process_cpu_seconds_total`, when exported) — so a slow ramp is put on the right side.
 * Pure.
 */
import { CPU_BOUND_CORES, ELU_BOUND } from '../../monitor/generator-health.js';
import type { GeneratorSample } from '../../monitor/generator-monitor.js';

export interface OpeningFacts {
  readonly attempted: number;
  /** seconds from the first connection due to the last settled */
  readonly openSeconds: number;
  /** the plan's connect rate, per second */
  readonly planRatePerSecond: number;
  /** each generator process while it opened */
  readonly generator: readonly GeneratorSample[];
  /** CPU cores the target used while the connections opened; null when it does not say */
  readonly serverCpuCores: number | null;
}

/** Below this share of the plan's pace, opening is called slower than planned. */
const ON_PACE = 0.9;

export function generatorCpuCores(samples: readonly GeneratorSample[]): number {
  return samples.reduce((sum, s) => sum + s.cpuCores, 0);
}

export function describeOpening(facts: OpeningFacts): string {
  const rate = facts.openSeconds > 0 ? facts.attempted / facts.openSeconds : 0;
  const pace =
    rate >= ON_PACE * facts.planRatePerSecond
      ? `at the plan's pace of ${fmt(facts.planRatePerSecond)}/s`
      : `${fmt(rate)}/s against the plan's ${fmt(facts.planRatePerSecond)}/s`;
  const busiest = facts.generator.reduce((m, s) => Math.max(m, s.eventLoopUtilization), 0);
  const server = facts.serverCpuCores === null ? '' : ` and the target ${facts.serverCpuCores.toFixed(2)}`;
  let verdict = '';
  if (rate < ON_PACE * facts.planRatePerSecond) {
    // The same bounds that mark a measured window generator-bound (generator-health.ts).
    if (busiest > ELU_BOUND)
      verdict = ' — a generator event loop was saturated: the generator, not the target, limited the pace';
    else if (facts.serverCpuCores !== null && facts.serverCpuCores >= CPU_BOUND_CORES) {
      verdict = " — the target's CPU was saturated: the target limited the pace";
    }
  }
  return (
    `Opening: ${fmt(facts.attempted)} connections in ${facts.openSeconds.toFixed(1)} s, ${pace}; meanwhile the ` +
    `${facts.generator.length} generator process(es) used ${generatorCpuCores(facts.generator).toFixed(2)} CPU cores ` +
    `(busiest event loop ${Math.round(busiest * 100)}%)${server}${verdict}.`
  );
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
