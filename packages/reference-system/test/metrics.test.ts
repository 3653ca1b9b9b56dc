/**
 * GET /metrics of the real service after a known amount of work: the work counters match it
 * exactly, and every resource of the contract was busy for a positive time no greater than
 * wall time × its servers.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { generateInstruments } from '../src/instruments/generate-instruments.js';
import { MdTestClient } from '../src/market-data/md-test-client.test-support.js';
import { seededOrderStream } from '../src/shards/order-stream.test-support.js';
import { OrderDriver } from './order-driver.js';
import { TestSystem } from './test-system.js';

const INSTRUMENTS = generateInstruments(6);
const SYMBOLS = INSTRUMENTS.map((i) => i.symbol);
const CHANNELS = SYMBOLS.flatMap((s) => [`book:${s}`, `trades:${s}`]);

const teardown: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

async function scrape(sys: TestSystem): Promise<{ text: string; samples: Map<string, number> }> {
  const response = await sys.request('GET', '/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = response.body as string;
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return { text, samples };
}

describe.each([1, 2])('GET /metrics, shards %i', (shards) => {
  it('counts exactly the work done and reports measured busy time for every resource', async () => {
    const startedAt = performance.now();
    const sys = await TestSystem.start({ instruments: INSTRUMENTS.length, fsync: 'always', shards });
    teardown.push(() => sys.close());

    const subscriber = await MdTestClient.connect(sys.wsUrl);
    teardown.push(() => subscriber.close());
    subscriber.send(CHANNELS.map((channel) => ({ type: 'subscribe', channel })));

    const registrations = 3;
    for (let i = 0; i < registrations; i++) {
      const res = await sys.request('POST', '/v1/users', {
        body: { username: `metrics-${i}`, password: 'correct horse' },
      });
      expect(res.status).toBe(201);
    }
    const driver = await OrderDriver.open(sys, 5);
    teardown.push(() => driver.close());
    const ops = seededOrderStream(41, 600, INSTRUMENTS);
    const submits = ops.filter((op) => op.kind === 'submit').length;
    const played = await driver.playPipelined(ops);
    expect(played.fills).toBeGreaterThan(50);

    // Every event delivered: the subscriber holds each instrument up to its current seq.
    const seqs = new Map<string, number>();
    for (const s of SYMBOLS)
      seqs.set(s, ((await sys.request('GET', `/v1/book/${s}?depth=1`)).body as { seq: number }).seq);
    const seen = (s: string): number =>
      Math.max(subscriber.lastSeq.get(`book:${s}`) ?? 0, subscriber.lastSeq.get(`trades:${s}`) ?? 0);
    await subscriber.waitFor(() => SYMBOLS.every((s) => seen(s) === seqs.get(s)), 10_000, 'catch-up');

    const { text, samples } = await scrape(sys);
    const wall = (performance.now() - startedAt) / 1000;
    const work = (kind: string): number | undefined =>
      samples.get(`headroom_work_completed_total{work="${kind}"}`);
    expect(work('orders')).toBe(submits);
    expect(work('trades')).toBe(played.fills);
    expect(work('trades')).toBe(subscriber.ofType('trade').length);
    expect(work('md_messages')).toBe(subscriber.messages.length);
    expect(work('registrations')).toBe(registrations);

    const resources = [...samples.keys()]
      .map((k) => /^headroom_resource_busy_seconds_total\{resource="([^"]+)"\}$/.exec(k)?.[1])
      .filter((r): r is string => r !== undefined)
      .sort();
    const shardResources = Array.from({ length: shards }, (_, i) => `matching_shard_${i}`);
    expect(resources).toEqual(
      [
        'db_writer',
        'gateway_event_loop',
        'hash_pool',
        'journal_writer',
        'md_fanout',
        ...shardResources,
      ].sort(),
    );
    for (const resource of resources) {
      const busy = samples.get(`headroom_resource_busy_seconds_total{resource="${resource}"}`)!;
      const servers = samples.get(`headroom_resource_servers{resource="${resource}"}`)!;
      expect(servers, resource).toBeGreaterThanOrEqual(1);
      expect(busy, resource).toBeGreaterThan(0);
      expect(busy, resource).toBeLessThanOrEqual(wall * servers);
    }
    expect(samples.get('headroom_resource_servers{resource="hash_pool"}')).toBe(
      Math.min(3, sys.system.config.hashPoolSize),
    );

    // Stage histograms, connections, market-data counters and the standard process metrics.
    expect(samples.get('headroom_stage_duration_seconds_count{stage="match"}')).toBe(submits);
    expect(samples.get('headroom_stage_duration_seconds_count{stage="journal"}')).toBe(submits);
    expect(samples.get('headroom_stage_duration_seconds_count{stage="validate"}')).toBe(submits);
    expect(samples.get('headroom_connections{kind="stream"}')).toBe(6);
    expect(samples.get('headroom_md_subscriptions')).toBe(CHANNELS.length);
    expect(samples.get('headroom_md_conflations_total')).toBe(0);
    expect(samples.get('headroom_md_disconnects_total')).toBe(0);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
  });
});
