import { describe, expect, it } from 'vitest';

import { deltasWithDemands } from '../../test/support/minimal-run.js';
import { applyOperationalLaws, PROCESS_CPU } from './operational-laws.js';

describe('applyOperationalLaws', () => {
  it('reproduces the worked example: demands 0.092, 0.079, 0.108, 0.142 s bound X at ≈ 7.04/s', () => {
    const deltas = deltasWithDemands(
      [
        { resource: 'cpu', demand: 0.092 },
        { resource: 'disk_a', demand: 0.079 },
        { resource: 'disk_b', demand: 0.108 },
        { resource: 'disk_c', demand: 0.142 },
      ],
      100,
      30,
    );
    const laws = applyOperationalLaws(deltas, 100, null);
    const bottleneck = laws.resources[0];
    expect(bottleneck.resource).toBe('disk_c');
    expect(bottleneck.demandSeconds).toBeCloseTo(0.142, 12);
    expect(bottleneck.boundPerSecond).toBeCloseTo(7.0423, 4);
    expect(laws.resources.map((r) => r.resource)).toEqual(['disk_c', 'disk_b', 'cpu', 'disk_a']);
    // U = X·D (utilisation law) with X = 100/30
    for (const r of laws.resources) expect(r.utilisation).toBeCloseTo((100 / 30) * r.demandSeconds!, 12);
    expect(bottleneck.headroom).toBeCloseTo(1 - (100 / 30) * 0.142, 12);
  });

  it.each([
    { servers: 1, busy: 30, wall: 60, completions: 600, u: 0.5, d: 0.05, bound: 20 },
    { servers: 4, busy: 120, wall: 60, completions: 6000, u: 0.5, d: 0.02, bound: 200 },
    { servers: 2, busy: 0, wall: 60, completions: 100, u: 0, d: 0, bound: null },
    { servers: 1, busy: 10, wall: 60, completions: 0, u: 10 / 60, d: null, bound: null },
  ])(
    'K=$servers B=$busy T=$wall C=$completions → U=$u, D=$d, bound=$bound',
    ({ servers, busy, wall, completions, u, d, bound }) => {
      const laws = applyOperationalLaws(
        {
          wallSeconds: wall,
          resources: [{ resource: 'r', servers, busySeconds: busy }],
          work: {},
          processCpuSeconds: null,
          gauges: {},
        },
        completions,
        null,
      );
      const r = laws.resources[0];
      expect(r.utilisation).toBeCloseTo(u, 12);
      if (d === null) expect(r.demandSeconds).toBeNull();
      else expect(r.demandSeconds).toBeCloseTo(d, 12);
      if (bound === null) expect(r.boundPerSecond).toBeNull();
      else expect(r.boundPerSecond).toBeCloseTo(bound, 9);
    },
  );

  it('adds the process CPU as a resource on the given cores', () => {
    const laws = applyOperationalLaws(
      { wallSeconds: 10, resources: [], work: {}, processCpuSeconds: 15, gauges: {} },
      1000,
      2,
    );
    expect(laws.resources).toHaveLength(1);
    expect(laws.resources[0].resource).toBe(PROCESS_CPU);
    expect(laws.resources[0].utilisation).toBeCloseTo(0.75, 12);
    expect(laws.resources[0].boundPerSecond).toBeCloseTo(2 / 0.015, 9);
  });
});
