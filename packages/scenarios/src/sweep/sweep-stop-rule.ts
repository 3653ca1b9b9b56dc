/**
 * When a concurrency sweep has seen enough. Pure, so the rule is tested on tables of
 * throughputs rather than on live targets.
 *
 * The USL fit needs the curve's knee and some of what follows it, and refuses fewer than
 * 6 points; a sweep therefore always measures `minPoints` points (unless the target fails
 * or the levels run out), then stops when throughput has stopped growing — the last
 * `flatPoints` points each no more than `growthThreshold` above the best before them —
 * or when it clearly falls (retrograde: each of the last 2 points below
 * `retrogradeRatio` × the best).
 */

export interface StopRule {
  readonly minPoints: number;
  /** fraction, e.g. 0.03: growth at or below this counts as none */
  readonly growthThreshold: number;
  readonly flatPoints: number;
  /** fraction of the best throughput below which a point counts as fallen */
  readonly retrogradeRatio: number;
  /** fraction of failed operations at one point that ends the sweep at once */
  readonly maxErrorRatio: number;
}

export interface MeasuredLevel {
  readonly concurrency: number;
  /** operations per second */
  readonly throughput: number;
  /** failed / (failed + succeeded) */
  readonly errorRatio: number;
}

/** The reason to stop after the last of `levels`, or null to go on. */
export function sweepStopReason(levels: readonly MeasuredLevel[], rule: StopRule): string | null {
  const last = levels.at(-1);
  if (last === undefined) return null;
  if (last.errorRatio > rule.maxErrorRatio) {
    return `errors: ${pct(last.errorRatio)} of operations failed at concurrency ${last.concurrency} (limit ${pct(rule.maxErrorRatio)})`;
  }
  if (levels.length < rule.minPoints) return null;

  if (levels.length > rule.flatPoints) {
    const tail = levels.slice(-rule.flatPoints);
    const flat = tail.every((level, i) => {
      const before = levels.slice(0, levels.length - rule.flatPoints + i);
      const best = Math.max(...before.map((l) => l.throughput));
      return level.throughput <= best * (1 + rule.growthThreshold);
    });
    if (flat) {
      const best = levels.reduce((a, b) => (b.throughput > a.throughput ? b : a));
      return `throughput stopped growing (${rule.flatPoints} points within ${pct(rule.growthThreshold)} of the best, ${rate(best.throughput)}/s at concurrency ${best.concurrency})`;
    }
  }

  if (levels.length >= 3) {
    const best = Math.max(...levels.slice(0, -2).map((l) => l.throughput));
    const fallen = levels.slice(-2).every((l) => l.throughput < best * rule.retrogradeRatio);
    if (fallen) {
      return `throughput fell below ${pct(rule.retrogradeRatio)} of its best (${rate(best)}/s) at concurrency ${last.concurrency}`;
    }
  }
  return null;
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function rate(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}
