import { describe, expect, it } from 'vitest';

import { deltasWithDemands, miniRun, miniStep, miniWorkload } from '../../test/support/minimal-run.js';
import { analyzeBottleneck, chooseWorkKey } from './bottleneck.js';

/** Steps at 1x, 2x, 5x completing 2,000·m orders/s over 60 s, with resource demands per step. */
function runWithDemands(
  perStep: readonly (readonly { resource: string; demand: number; servers?: number }[])[],
  rates = [2000, 4000, 10_000],
) {
  const multipliers = [1, 2, 5];
  return miniRun(
    perStep.map((demands, i) => {
      const x = rates[i];
      return miniStep(
        multipliers[i],
        [miniWorkload({ target: 2000 * multipliers[i], achieved: x, p99: 5 })],
        deltasWithDemands(demands, x * 60, 60),
      );
    }),
  );
}

describe('analyzeBottleneck', () => {
  it('names the resource with the smallest bound at the most loaded step', () => {
    const flat = [
      { resource: 'gateway_event_loop', demand: 80e-6 },
      { resource: 'db_writer', demand: 50e-6 },
      { resource: 'hash_pool', demand: 160e-6, servers: 4 },
    ];
    const b = analyzeBottleneck(runWithDemands([flat, flat, flat]), false);
    expect(b.status).toBe('found');
    expect(b.workKey).toBe('orders');
    expect(b.reference!.multiplier).toBe(5);
    expect(b.bottleneck!.resource).toBe('gateway_event_loop');
    expect(b.bottleneck!.boundPerSecond).toBeCloseTo(12_500, 6);
    expect(b.bottleneck!.utilisation).toBeCloseTo(0.8, 9);
    // hash_pool: 4 servers / 160 µs = 25,000/s: more servers outweigh its larger demand
    expect(b.reference!.resources.map((r) => r.resource)).toEqual([
      'gateway_event_loop',
      'db_writer',
      'hash_pool',
    ]);
    expect(b.contention).toEqual([]);
  });

  it.each([
    { name: 'demand rising 60% is contention', demands: [50e-6, 62e-6, 80e-6], flagged: true },
    { name: 'flat demand with noise is not', demands: [50e-6, 49e-6, 51e-6], flagged: false },
    { name: 'rising 20% is within tolerance', demands: [50e-6, 55e-6, 60e-6], flagged: false },
    { name: 'up then down is not a trend', demands: [50e-6, 90e-6, 70e-6], flagged: false },
  ])('$name', ({ demands, flagged }) => {
    const run = runWithDemands(
      demands.map((d) => [
        { resource: 'matching_shard_0', demand: d },
        { resource: 'other', demand: 10e-6 },
      ]),
    );
    const b = analyzeBottleneck(run, false);
    const found = b.contention.find((c) => c.resource === 'matching_shard_0');
    expect(found !== undefined).toBe(flagged);
    if (found) {
      expect(found.fromLoad).toBe('1x');
      expect(found.toLoad).toBe('5x');
      expect(found.growth).toBeCloseTo(0.6, 9);
    }
  });

  it('reports an unexplained gap when a saturated system has no busy resource', () => {
    const low = [{ resource: 'gateway_event_loop', demand: 30e-6 }];
    // Throughput stops at 4,000/s while the gateway is 12% busy there.
    const run = runWithDemands([low, low, low], [2000, 4000, 4050]);
    const b = analyzeBottleneck(run, true);
    expect(b.status).toBe('unexplained-gap');
    expect(b.gap!.resource).toBe('gateway_event_loop');
    expect(b.gap!.ceilingPerSecond).toBeCloseTo(4050, 6);
    expect(b.gap!.boundPerSecond).toBeCloseTo(1 / 30e-6, 3);
    // The same run, not saturated, just has a lightly used bottleneck.
    expect(analyzeBottleneck(run, false).status).toBe('found');
  });

  it('says so when the target exports no metrics', () => {
    const run = miniRun([miniStep(1, [miniWorkload({ target: 2000, achieved: 2000, p99: 5 })], null)]);
    const b = analyzeBottleneck(run, true);
    expect(b.status).toBe('no-metrics');
    expect(b.bottleneck).toBeNull();
  });

  it('takes the process CPU on the cores the target reports', () => {
    const run = runWithDemands([
      [{ resource: 'gateway_event_loop', demand: 10e-6 }],
      [{ resource: 'gateway_event_loop', demand: 10e-6 }],
      [{ resource: 'gateway_event_loop', demand: 10e-6 }],
    ]);
    const withCpu = {
      ...run,
      target: { ...run.target, config: { cpus: 4 } },
      steps: run.steps.map((s) => ({ ...s, target: { ...s.target!, processCpuSeconds: 3.9 * 60 } })),
    };
    const b = analyzeBottleneck(withCpu, false);
    expect(b.processCores).toEqual({ cores: 4, source: 'target config cpus' });
    expect(b.bottleneck!.resource).toBe('process_cpu');
    expect(b.bottleneck!.utilisation).toBeCloseTo(0.975, 9);
  });
});

describe('chooseWorkKey', () => {
  it.each([
    { work: [{ orders: 10, md_messages: 1000 }], key: 'orders' },
    { work: [{ orders: 0, md_messages: 1000, registrations: 5 }], key: 'md_messages' },
    { work: [{}], key: null },
  ])('$work → $key', ({ work, key }) => {
    expect(
      chooseWorkKey(
        work.map((w) => ({ wallSeconds: 1, resources: [], work: w, processCpuSeconds: null, gauges: {} })),
      ),
    ).toBe(key);
  });
});
