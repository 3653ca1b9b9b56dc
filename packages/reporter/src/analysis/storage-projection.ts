/**
 * Data volumes cannot be loaded on one machine, so they are projected: from the plan's
 * historical volume and daily growth, and — when the run measured it — from bytes per
 * order × the order rate at each multiplier. Answers "when do we hit the 10x data
 * target" and "how big is a daily / monthly partition".
 */
import type { CapacityBaseline } from '@headroom/scenarios';

export interface StorageRow {
  readonly multiplier: number;
  /** bytes per day from the plan: dailyGrowthBytes × multiplier */
  readonly planDailyBytes: number;
  /** bytes per day from the measurement: bytesPerOrder × ordersPerSecond × multiplier × 86,400; null without a measurement */
  readonly measuredDailyBytes: number | null;
  /** days from today's volume to the data target at this growth (the larger of the two estimates) */
  readonly daysToTarget: number;
  /** bytes: one day's and one month's (30 days) partition */
  readonly dailyPartitionBytes: number;
  readonly monthlyPartitionBytes: number;
}

export interface StorageProjection {
  /** bytes */
  readonly currentBytes: number;
  readonly targetBytes: number;
  readonly targetMultiplier: number;
  /** null when no step measured it */
  readonly bytesPerOrder: number | null;
  /** Where bytesPerOrder came from, or what was assumed instead. */
  readonly basis: string;
  readonly rows: readonly StorageRow[];
}

const SECONDS_PER_DAY = 86_400;
const DAYS_PER_MONTH = 30;

/**
 * @param bytesPerOrder measured bytes written per order (journal + database), or null
 * @param multipliers the load levels to project (the plan's steps and the target)
 */
export function projectStorage(
  capacity: CapacityBaseline,
  bytesPerOrder: { bytes: number; source: string } | null,
  multipliers: readonly number[],
): StorageProjection {
  const currentBytes = capacity.historicalDataBytes;
  const targetBytes = capacity.historicalDataBytes * capacity.targetMultiplier;
  const rows = [...new Set(multipliers)]
    .sort((a, b) => a - b)
    .map((m): StorageRow => {
      const planDailyBytes = capacity.dailyGrowthBytes * m;
      const measuredDailyBytes = bytesPerOrder
        ? bytesPerOrder.bytes * capacity.ordersPerSecond * m * SECONDS_PER_DAY
        : null;
      // The larger estimate is the prudent one for disk planning.
      const daily = Math.max(planDailyBytes, measuredDailyBytes ?? 0);
      return {
        multiplier: m,
        planDailyBytes,
        measuredDailyBytes,
        daysToTarget: daily > 0 ? (targetBytes - currentBytes) / daily : Number.POSITIVE_INFINITY,
        dailyPartitionBytes: daily,
        monthlyPartitionBytes: daily * DAYS_PER_MONTH,
      };
    });
  return {
    currentBytes,
    targetBytes,
    targetMultiplier: capacity.targetMultiplier,
    bytesPerOrder: bytesPerOrder?.bytes ?? null,
    basis: bytesPerOrder
      ? `${bytesPerOrder.source}; the measured estimate assumes the order rate holds 24 hours a day (an upper bound)`
      : "no step measured bytes per order, so only the plan's daily growth is projected",
    rows,
  };
}
