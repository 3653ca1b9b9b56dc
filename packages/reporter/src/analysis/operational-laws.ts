/**
 * The operational laws (Denning & Buzen) applied to one measurement interval:
 *
 *   utilisation     U = B / (K·T)     B busy seconds, K servers, T wall seconds
 *   service demand  D = B / C         C completions of the work that drives the resource
 *   bound           X ≤ K / D         the most the resource can complete per second
 *
 * They hold for any system in flow balance, whatever its queueing, so they need no model —
 * only the busy time the target reports (DESIGN §6).
 */
import type { TargetDeltas } from '@headroom/scenarios';

export interface ResourceLaw {
  readonly resource: string;
  readonly servers: number;
  /** seconds */
  readonly busySeconds: number;
  /** 0..1 (may exceed 1 slightly from scrape timing) */
  readonly utilisation: number;
  /** 1 − U, floored at 0 */
  readonly headroom: number;
  /** seconds of busy time per completion; null without completions */
  readonly demandSeconds: number | null;
  /** completions per second the resource allows: K/D; null without demand */
  readonly boundPerSecond: number | null;
}

export interface IntervalLaws {
  /** seconds */
  readonly wallSeconds: number;
  readonly completions: number;
  /** completions per second */
  readonly throughput: number;
  /** sorted by bound, smallest (the bottleneck) first; resources without a bound last */
  readonly resources: readonly ResourceLaw[];
}

/** A resource the deltas describe implicitly: the target process's CPU, on `cores` cores. */
export const PROCESS_CPU = 'process_cpu';

export function applyOperationalLaws(
  deltas: TargetDeltas,
  completions: number,
  processCores: number | null,
): IntervalLaws {
  const t = deltas.wallSeconds;
  const inputs = deltas.resources.map((r) => ({
    resource: r.resource,
    busySeconds: r.busySeconds,
    servers: r.servers,
  }));
  if (deltas.processCpuSeconds !== null && processCores !== null && processCores > 0) {
    inputs.push({ resource: PROCESS_CPU, busySeconds: deltas.processCpuSeconds, servers: processCores });
  }
  const resources = inputs.map((r): ResourceLaw => {
    const k = Math.max(r.servers, 1);
    const utilisation = t > 0 ? r.busySeconds / (k * t) : 0;
    const demand = completions > 0 ? r.busySeconds / completions : null;
    return {
      resource: r.resource,
      servers: k,
      busySeconds: r.busySeconds,
      utilisation,
      headroom: Math.max(0, 1 - utilisation),
      demandSeconds: demand,
      boundPerSecond: demand !== null && demand > 0 ? k / demand : null,
    };
  });
  resources.sort(
    (a, b) =>
      (a.boundPerSecond ?? Infinity) - (b.boundPerSecond ?? Infinity) || b.utilisation - a.utilisation,
  );
  return { wallSeconds: t, completions, throughput: t > 0 ? completions / t : 0, resources };
}
