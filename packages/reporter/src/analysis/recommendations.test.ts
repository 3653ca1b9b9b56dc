import { describe, expect, it } from 'vitest';

import { deltasWithDemands, miniRun, miniStep, miniWorkload } from '../../test/support/minimal-run.js';
import { analyzeBottleneck } from './bottleneck.js';
import { recommend } from './recommendations.js';

function bottleneckOn(resource: string, saturated = false, demand = 90e-6) {
  const steps = [1, 2].map((m) =>
    miniStep(
      m,
      [miniWorkload({ target: 2000 * m, achieved: 2000 * m, p99: 5 })],
      deltasWithDemands(
        [
          { resource, demand },
          { resource: 'idle', demand: 1e-6 },
        ],
        2000 * m * 60,
        60,
      ),
    ),
  );
  return analyzeBottleneck(miniRun(steps), saturated);
}

describe('recommend', () => {
  it.each([
    ['gateway_event_loop', /Split gateway_event_loop across processes/, ['sharding', 'stateless sessions']],
    ['matching_shard_1', /Add instrument shards/, ['sharding']],
    ['journal_writer', /Batch and decouple the journal/, ['async processing', 'sharding']],
    ['db_writer', /Take database writes off the order path/, ['async processing', 'read replicas']],
    ['db_reader', /Serve reads from replicas and a cache/, ['read replicas', 'caching']],
    ['hash_pool', /password hashing/, ['async processing', 'caching', 'stateless sessions']],
    ['md_fanout', /Conflate and tier market-data fan-out/, ['conflation', 'sharding']],
    ['session_store', /Make sessions stateless/, ['stateless sessions', 'caching', 'sharding']],
  ] as const)('ties %s to its remedy', (resource, title, remedies) => {
    const [first] = recommend({
      bottleneck: bottleneckOn(resource),
      usl: null,
      generatorBound: [],
      meetsTarget: false,
    });
    expect(first.title).toMatch(title);
    expect(first.remedies).toEqual(remedies);
    expect(first.resource).toBe(resource);
    // the evidence carries the measured numbers: 36% busy at 2x, 11,111 orders/s bound
    expect(first.evidence).toMatch(/36% busy at 2x .* 11,111 orders\/s/);
  });

  it('asks to find the unmeasured limit instead of blaming a resource for an unexplained gap', () => {
    const recs = recommend({
      bottleneck: bottleneckOn('gateway_event_loop', true, 20e-6),
      usl: null,
      generatorBound: [],
      meetsTarget: false,
    });
    expect(recs[0].title).toBe('Find the limit headroom cannot see');
    expect(recs[0].remedies).toEqual(['measurement']);
    expect(recs.some((r) => r.resource === 'gateway_event_loop')).toBe(false);
  });

  it('asks for a re-run of generator-bound steps and says when nothing needs to change', () => {
    const recs = recommend({
      bottleneck: bottleneckOn('gateway_event_loop'),
      usl: null,
      generatorBound: ['10x orders'],
      meetsTarget: false,
    });
    expect(recs.at(-1)!.evidence).toMatch(/10x orders/);
    const none = recommend({
      bottleneck: analyzeBottleneck(miniRun([miniStep(1, [])]), false),
      usl: null,
      generatorBound: [],
      meetsTarget: true,
    });
    expect(none.map((r) => r.title)).toEqual(['No change needed for the target']);
  });
});
