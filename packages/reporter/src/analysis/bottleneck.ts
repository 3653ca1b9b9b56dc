/**
 * Names the resource that limits the system, from the busy time it reported at each step.
 *
 * The bottleneck is the resource with the smallest throughput bound K/D at the most loaded
 * step (equivalently the busiest: bound = X/U). Two further judgements:
 * - contention: a resource whose demand per completion grows with load (locks, queueing
 *   inside the resource, GC) — the USL's σ/κ seen from inside;
 * - an unexplained gap: the system stopped scaling while every measured resource still had
 *   room. That is reported as such rather than pinned on the busiest resource.
 */
import type { RunResult, TargetDeltas } from '@headroom/scenarios';

import { applyOperationalLaws, type IntervalLaws, type ResourceLaw } from './operational-laws.js';

export interface StepLaws extends IntervalLaws {
  readonly multiplier: number;
  readonly generatorBound: boolean;
}

export interface Contention {
  readonly resource: string;
  readonly fromLoad: string;
  readonly toLoad: string;
  /** seconds per completion */
  readonly demandFrom: number;
  readonly demandTo: number;
  /** fractional growth, 0.8 = +80% */
  readonly growth: number;
}

export interface UnexplainedGap {
  /** the highest throughput measured, per second */
  readonly ceilingPerSecond: number;
  /** the smallest bound at that step, per second */
  readonly boundPerSecond: number;
  readonly resource: string;
}

export interface BottleneckAnalysis {
  readonly status: 'found' | 'unexplained-gap' | 'no-metrics' | 'no-work';
  /** The work whose completions are C in D = B/C, e.g. 'orders'. */
  readonly workKey: string | null;
  readonly steps: readonly StepLaws[];
  /** The most loaded step, where the bottleneck is judged. */
  readonly reference: StepLaws | null;
  readonly bottleneck: ResourceLaw | null;
  readonly contention: readonly Contention[];
  readonly gap: UnexplainedGap | null;
  /** How many cores the target's process CPU was divided by, and where that number came from. */
  readonly processCores: { readonly cores: number; readonly source: string };
}

/** Busiest resource below this utilisation at a saturated step → the limit is something unmeasured. */
export const GAP_UTILISATION = 0.7;
/** Demand growing by more than this fraction from the lightest to the heaviest load is contention. */
export const CONTENTION_GROWTH = 0.25;
/** Resources less busy than this at the heaviest load are too lightly used to judge their demand. */
const CONTENTION_MIN_UTILISATION = 0.05;

export function chooseWorkKey(deltas: readonly TargetDeltas[]): string | null {
  const totals = new Map<string, number>();
  for (const d of deltas)
    for (const [k, v] of Object.entries(d.work)) totals.set(k, (totals.get(k) ?? 0) + v);
  if ((totals.get('orders') ?? 0) > 0) return 'orders';
  const best = [...totals].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : null;
}

function processCores(run: RunResult): BottleneckAnalysis['processCores'] {
  for (const key of ['cpus', 'cores']) {
    const v = run.target.config[key];
    if (typeof v === 'number' && v > 0) return { cores: v, source: `target config ${key}` };
  }
  return {
    cores: run.environment.cpus,
    source: 'the cores of the generator host (the target is assumed to share it)',
  };
}

/**
 * @param saturated whether the main workload stopped scaling (SLO crossing or plateau) —
 *   only then can a low utilisation be called a gap.
 */
export function analyzeBottleneck(run: RunResult, saturated: boolean): BottleneckAnalysis {
  const withMetrics = [...run.steps]
    .filter((s) => s.target !== null)
    .sort((a, b) => a.multiplier - b.multiplier);
  const cores = processCores(run);
  const empty = {
    steps: [],
    reference: null,
    bottleneck: null,
    contention: [],
    gap: null,
    processCores: cores,
  };
  if (withMetrics.length === 0) return { status: 'no-metrics', workKey: null, ...empty };
  const workKey = chooseWorkKey(withMetrics.map((s) => s.target!));
  if (workKey === null) return { status: 'no-work', workKey, ...empty };

  const steps: StepLaws[] = withMetrics.map((s) => ({
    multiplier: s.multiplier,
    generatorBound: s.workloads.some((w) => w.generator.bound),
    ...applyOperationalLaws(s.target!, s.target!.work[workKey] ?? 0, cores.cores),
  }));
  const reference = steps.reduce((a, b) => (b.throughput > a.throughput ? b : a));
  const bottleneck = reference.resources.find((r) => r.boundPerSecond !== null) ?? null;

  // Steps (all workloads together) and sweep points (one workload, closed loop) load the
  // resources differently, so each is read as its own series.
  const stepIntervals = steps.map((s) => ({ label: `${s.multiplier}x`, laws: s }));
  const sweepIntervals = (run.sweep?.points ?? []).flatMap((p) =>
    p.target
      ? [
          {
            label: `concurrency ${p.concurrency}`,
            laws: applyOperationalLaws(p.target, p.target.work[workKey] ?? 0, cores.cores),
          },
        ]
      : [],
  );
  const contention = mergeContention(findContention(stepIntervals), findContention(sweepIntervals));

  let gap: UnexplainedGap | null = null;
  if (saturated && bottleneck && bottleneck.utilisation < GAP_UTILISATION) {
    gap = {
      ceilingPerSecond: reference.throughput,
      boundPerSecond: bottleneck.boundPerSecond!,
      resource: bottleneck.resource,
    };
  }
  return {
    status: bottleneck === null ? 'no-work' : gap ? 'unexplained-gap' : 'found',
    workKey,
    steps,
    reference,
    bottleneck,
    contention,
    gap,
    processCores: cores,
  };
}

/**
 * Demand per completion that rises steadily with load. Intervals are ordered by their
 * throughput; a small dip (5%) between neighbours is tolerated as measurement noise.
 */
export function findContention(intervals: readonly { label: string; laws: IntervalLaws }[]): Contention[] {
  const ordered = [...intervals].sort((a, b) => a.laws.throughput - b.laws.throughput);
  if (ordered.length < 2) return [];
  const names = new Set(ordered.flatMap((i) => i.laws.resources.map((r) => r.resource)));
  const found: Contention[] = [];
  for (const name of names) {
    const series = ordered.flatMap((i) => {
      const r = i.laws.resources.find((x) => x.resource === name);
      return r && r.demandSeconds !== null
        ? [{ label: i.label, demand: r.demandSeconds, u: r.utilisation }]
        : [];
    });
    if (series.length < 2 || series.at(-1)!.u < CONTENTION_MIN_UTILISATION) continue;
    const rising = series.every((s, i) => i === 0 || s.demand >= 0.95 * series[i - 1].demand);
    const first = series[0];
    const last = series.at(-1)!;
    const growth = first.demand > 0 ? last.demand / first.demand - 1 : 0;
    if (rising && growth > CONTENTION_GROWTH) {
      found.push({
        resource: name,
        fromLoad: first.label,
        toLoad: last.label,
        demandFrom: first.demand,
        demandTo: last.demand,
        growth,
      });
    }
  }
  return found.sort((a, b) => b.growth - a.growth);
}

function mergeContention(a: readonly Contention[], b: readonly Contention[]): Contention[] {
  const byResource = new Map<string, Contention>();
  for (const c of [...a, ...b]) {
    const seen = byResource.get(c.resource);
    if (!seen || c.growth > seen.growth) byResource.set(c.resource, c);
  }
  return [...byResource.values()].sort((x, y) => y.growth - x.growth);
}
