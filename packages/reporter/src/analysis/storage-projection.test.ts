import { describe, expect, it } from 'vitest';

import { referencePlan } from '../../test/support/reference-plan.js';
import { projectStorage } from './storage-projection.js';

const capacity = referencePlan().capacity; // 5 TB today, 50 GB/day at 1x, 10x target

describe('projectStorage', () => {
  it("projects the plan's growth when nothing was measured", () => {
    const p = projectStorage(capacity, null, [1, 10, 2, 5]);
    expect(p.targetBytes).toBe(50e12);
    expect(p.rows.map((r) => r.multiplier)).toEqual([1, 2, 5, 10]);
    expect(p.rows.map((r) => r.daysToTarget)).toEqual([900, 450, 180, 90]);
    expect(p.rows[3].dailyPartitionBytes).toBe(500e9);
    expect(p.rows[3].monthlyPartitionBytes).toBe(15e12);
    expect(p.rows[0].measuredDailyBytes).toBeNull();
    expect(p.basis).toMatch(/no step measured bytes per order/);
  });

  it.each([
    // 290 B × 2,000 orders/s × 86,400 s = 50.112 GB/day: a little above the plan, so it drives the projection
    { bytes: 290, m: 1, measured: 50.112e9, days: 45e12 / 50.112e9 },
    { bytes: 290, m: 10, measured: 501.12e9, days: 45e12 / 501.12e9 },
    // 100 B/order is below the plan's 50 GB/day: the plan's figure is kept as the prudent one
    { bytes: 100, m: 1, measured: 17.28e9, days: 900 },
  ])('with $bytes B/order at $mx: $measured B/day, $days days', ({ bytes, m, measured, days }) => {
    const p = projectStorage(capacity, { bytes, source: 'measured' }, [m]);
    expect(p.bytesPerOrder).toBe(bytes);
    expect(p.rows[0].measuredDailyBytes).toBeCloseTo(measured, 0);
    expect(p.rows[0].daysToTarget).toBeCloseTo(days, 9);
  });
});
