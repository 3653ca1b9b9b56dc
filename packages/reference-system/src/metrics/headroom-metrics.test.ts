import { afterEach, describe, expect, it } from 'vitest';
import { MatchingEngine } from '../engine/index.js';
import { startHubServer } from '../market-data/hub-server.test-support.js';
import { MarketDataHub } from '../market-data/market-data-hub.js';
import { MdTestClient } from '../market-data/md-test-client.test-support.js';
import { HeadroomMetrics } from './headroom-metrics.js';
import { ResourceName } from './resource-meter.js';

/** `name{labels}` → value, from the text exposition format. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const space = line.lastIndexOf(' ');
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

const teardown: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

describe('HeadroomMetrics', () => {
  it('exports the resource contract, work counters, stages and standard process metrics', async () => {
    const startedAt = performance.now();
    const metrics = new HeadroomMetrics();
    const db = metrics.meter.resource(ResourceName.DB_WRITER, 1);
    db.time(() => {
      const end = performance.now() + 10;
      while (performance.now() < end);
    });
    metrics.meter.resource(ResourceName.HASH_POOL, 4);
    metrics.countWork('orders', 3);
    metrics.countWork('registrations');
    metrics.observeStage('match', 0.00002);
    metrics.observeStage('match', 0.5);
    metrics.trackConnections(() => ({ ws: 2, http: 5 }));
    const text = await metrics.text();
    const wall = (performance.now() - startedAt) / 1000;
    const s = samples(text);
    expect(metrics.contentType).toMatch(/^text\/plain/);
    const busy = (r: string): number => s.get(`headroom_resource_busy_seconds_total{resource="${r}"}`)!;
    expect(busy('db_writer')).toBeGreaterThanOrEqual(0.009);
    expect(busy('gateway_event_loop')).toBeGreaterThan(0);
    for (const r of ['db_writer', 'gateway_event_loop', 'hash_pool'])
      expect(busy(r)).toBeLessThanOrEqual(wall);
    expect(s.get('headroom_resource_servers{resource="hash_pool"}')).toBe(4);
    expect(s.get('headroom_resource_servers{resource="gateway_event_loop"}')).toBe(1);
    expect(s.get('headroom_work_completed_total{work="orders"}')).toBe(3);
    expect(s.get('headroom_work_completed_total{work="registrations"}')).toBe(1);
    expect(s.get('headroom_work_completed_total{work="trades"}')).toBe(0);
    expect(s.get('headroom_stage_duration_seconds_count{stage="match"}')).toBe(2);
    expect(s.get('headroom_stage_duration_seconds_bucket{le="0.00002",stage="match"}')).toBe(1);
    expect(s.get('headroom_connections{kind="http"}')).toBe(5);
    expect(s.has('process_cpu_seconds_total')).toBe(true);
    expect(s.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
    // Counters stay monotonic across scrapes.
    metrics.countWork('orders', 2);
    expect(samples(await metrics.text()).get('headroom_work_completed_total{work="orders"}')).toBe(5);
  });

  it('reads market-data counters from the hub at scrape time', async () => {
    const metrics = new HeadroomMetrics({ defaultMetrics: false });
    const fanout = metrics.meter.resource(ResourceName.MD_FANOUT, 1);
    const hub: MarketDataHub = new MarketDataHub((symbol, depth) => engine.book(symbol, depth), {}, fanout);
    const engine: MatchingEngine = new MatchingEngine(
      [{ symbol: 'AAA', tickSize: 1, lotSize: 1 }],
      hub.engineEvents(),
    );
    metrics.trackMarketData(() => hub.stats());
    const server = await startHubServer(hub);
    const client = await MdTestClient.connect(server.url);
    teardown.push(async () => {
      await client.close();
      hub.close();
      await server.close();
    });
    client.send([
      { type: 'subscribe', channel: 'book:AAA' },
      { type: 'subscribe', channel: 'trades:AAA' },
    ]);
    await client.waitFor(() => client.lastSeq.size === 2);
    engine.submit({
      ownerId: 1,
      clientOrderId: 'a',
      symbol: 'AAA',
      side: 'sell',
      type: 'limit',
      price: 100,
      quantity: 5,
    });
    engine.submit({
      ownerId: 2,
      clientOrderId: 'b',
      symbol: 'AAA',
      side: 'buy',
      type: 'limit',
      price: 100,
      quantity: 2,
    });
    // Events: book (ask 5), trade, book (ask 3) → with the snapshot and `subscribed`, 5 messages.
    await client.waitFor(() => client.messages.length === 5);
    const s = samples(await metrics.text());
    expect(s.get('headroom_md_events_published_total')).toBe(3);
    expect(s.get('headroom_md_messages_sent_total')).toBe(5);
    expect(s.get('headroom_work_completed_total{work="md_messages"}')).toBe(5);
    expect(s.get('headroom_md_subscriptions')).toBe(2);
    expect(s.get('headroom_md_connections')).toBe(1);
    expect(s.get('headroom_md_conflations_total')).toBe(0);
    expect(s.get('headroom_md_disconnects_total')).toBe(0);
    expect(s.get('headroom_resource_busy_seconds_total{resource="md_fanout"}')).toBeGreaterThan(0);
  });
});
