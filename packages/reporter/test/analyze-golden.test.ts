import { describe, expect, it } from 'vitest';

import { analyze } from '../src/analysis/analyze.js';
import { loadRunResult } from '../src/load/load-run-result.js';
import { fixture } from './fixtures.js';
import { SWEEP_TRUTH } from './support/reference-run.js';

describe('analyze: the reference run (known answers built into the fixture)', async () => {
  const a = analyze(await loadRunResult(fixture('reference-run.json')));
  const orders = a.workloads.find((w) => w.workload === 'orders')!;

  it('finds orders saturating between 2x and 5x, with 10x generator-bound', () => {
    expect(orders.sustainedMultiplier).toBe(2);
    expect(orders.crossing!.multiplier).toBe(5);
    expect(orders.crossing!.violations[0]).toMatch(/^p99 .* ms > SLO 25 ms$/);
    expect(orders.plateau).toMatchObject({ fromMultiplier: 2, toMultiplier: 5 });
    expect(orders.knee!.multiplier).toBe(2);
    expect(orders.generatorBound).toEqual([10]);
    expect(a.headline.sustainedMultiplier).toBe(2);
    expect(a.headline.limitingWorkload).toBe('orders');
  });

  it('names the gateway event loop as the bottleneck, with growing demand', () => {
    expect(a.bottleneck.status).toBe('found');
    expect(a.bottleneck.reference!.multiplier).toBe(5);
    expect(a.bottleneck.bottleneck!.resource).toBe('gateway_event_loop');
    expect(a.bottleneck.bottleneck!.utilisation).toBeCloseTo(0.985, 3);
    expect(a.bottleneck.contention.map((c) => c.resource)).toEqual(['gateway_event_loop']);
    expect(a.recommendations[0].title).toBe('Split gateway_event_loop across processes');
  });

  it('fits the USL close to the curve the sweep was drawn from', () => {
    const fit = a.usl.fit!;
    expect(a.usl.status).toBe('fitted');
    expect(Math.abs(fit.sigma - SWEEP_TRUTH.sigma)).toBeLessThan(0.01);
    expect(Math.abs(fit.kappa / SWEEP_TRUTH.kappa - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.lambda / SWEEP_TRUTH.lambda - 1)).toBeLessThan(0.05);
    expect(fit.maxConcurrency).toBeGreaterThanOrEqual(22);
    expect(fit.maxConcurrency).toBeLessThanOrEqual(26);
    expect(a.usl.targetThroughput).toBe(20_000);
    expect(a.usl.scaleOut).toMatchObject({ verdict: 'instances', instances: 3 });
  });

  it('gives a verdict for every row of the plan at every step', () => {
    const verdicts = Object.fromEntries(a.targetGap.rows.map((r) => [r.key, r.cells.map((c) => c.verdict)]));
    expect(a.targetGap.multipliers).toEqual([1, 2, 5, 10]);
    expect(verdicts).toEqual({
      ordersPerSecond: ['meets', 'meets', 'misses', 'generator-bound'],
      tradesPerSecond: ['meets', 'meets', 'misses', 'generator-bound'],
      marketDataUpdatesPerSecond: ['meets', 'meets', 'misses', 'generator-bound'],
      concurrentUsers: ['meets', 'meets', 'generator-bound', 'generator-bound'],
      // the sessions workload holds the concurrent users (its 1x is 5,000), not the 10,000 sessions
      activeSessions: ['not-tested', 'not-tested', 'not-tested', 'not-tested'],
      // 0.058/s over the 60 s steps expects 3.5 registrations at 1x: too few to judge
      registrationsPeak: ['too-few', 'meets', 'meets', 'meets'],
      instruments: ['meets', 'not-tested', 'not-tested', 'not-tested'],
    });
    const orderRow = a.targetGap.rows.find((r) => r.key === 'ordersPerSecond')!;
    expect(orderRow.atTarget.verdict).toBe('misses');
    expect(orderRow.atTarget.reason).toMatch(/^missed already at 5x \(reached 5,210 of 10,000 orders\/s\)$/);
    expect(a.targetGap.verdict).toBe('misses');
    expect(a.headline.verdict).toBe('misses');
  });

  it('projects storage from the measured bytes per order', () => {
    expect(a.storage.bytesPerOrder).toBe(290);
    expect(a.storage.basis).toMatch(/^bytes per order measured at 5x/);
    expect(a.storage.rows.find((r) => r.multiplier === 10)!.daysToTarget).toBeCloseTo(45e12 / 501.12e9, 6);
  });

  it('lists the generator-bound steps and decodes every histogram', () => {
    expect(a.generatorBound.map((g) => `${g.multiplier}x ${g.workload}`)).toEqual([
      '5x sessions',
      '10x orders',
      '10x market-data',
      '10x sessions',
    ]);
    for (const w of a.workloads) for (const s of w.spectra) expect(s.spectrum!.count).toBeGreaterThan(0);
    const p99 = orders.spectra[0].spectrum!.points.find((p) => p.percentile === 99)!.ms;
    expect(p99).toBeCloseTo(orders.steps[0].p99Ms, 1);
    expect(a.thresholds).toMatchObject({ passed: 6, failed: 4 });
  });
});

describe('analyze: the interrupted run against an external service', async () => {
  const a = analyze(await loadRunResult(fixture('interrupted-run.json')));

  it('says what it could not do, and why', () => {
    expect(a.run.complete).toBe(false);
    expect(a.headline.sentences[0]).toMatch(
      /^This run is interrupted: Interrupted \(SIGINT\) 12.4 s into the 5x step/,
    );
    expect(a.bottleneck.status).toBe('no-metrics');
    expect(a.usl.status).toBe('refused');
    expect(a.usl.reason).toMatch(/4 usable points; the fit needs at least 6/);
    expect(a.targetGap.verdict).toBe('inconclusive');
    expect(a.targetGap.rows.every((r) => r.cells.every((c) => c.verdict === 'not-tested'))).toBe(true);
  });

  it('judges the partial step like the others', () => {
    const api = a.workloads[0];
    expect(api.sustainedMultiplier).toBe(2);
    expect(api.crossing!.multiplier).toBe(5);
    expect(api.steps[2].partial).toBe(true);
  });
});
