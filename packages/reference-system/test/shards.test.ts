/**
 * Topology is invisible to clients: the same seeded order stream through the service with
 * matching in-process (shards 1) and in four worker threads (shards 4) gives the same
 * acknowledgements, fills, trade sequence numbers and books.
 */
import { afterEach, expect, it } from 'vitest';

import { generateInstruments } from '../src/instruments/generate-instruments.js';
import { MdTestClient } from '../src/market-data/md-test-client.test-support.js';
import { shardOf } from '../src/shards/shard-of.js';
import { seededOrderStream } from '../src/shards/order-stream.test-support.js';
import { OrderDriver } from './order-driver.js';
import { TestSystem } from './test-system.js';

const INSTRUMENTS = generateInstruments(8);
const SYMBOLS = INSTRUMENTS.map((i) => i.symbol);

const teardown: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

async function run(shards: number): Promise<{ answers: unknown[]; trades: unknown[]; books: unknown[] }> {
  const sys = await TestSystem.start({ instruments: INSTRUMENTS.length, fsync: 'off', shards });
  teardown.push(() => sys.close());
  const subscriber = await MdTestClient.connect(sys.wsUrl);
  teardown.push(() => subscriber.close());
  const channels = SYMBOLS.map((s) => `trades:${s}`);
  subscriber.send(channels.map((channel) => ({ type: 'subscribe', channel })));
  await subscriber.waitFor(() => channels.every((c) => subscriber.lastSeq.has(c)));
  const driver = await OrderDriver.open(sys, 5);
  teardown.push(() => driver.close());
  const answers = await driver.playInOrder(seededOrderStream(51, 700, INSTRUMENTS));
  const books: unknown[] = [];
  for (const symbol of SYMBOLS) books.push((await sys.request('GET', `/v1/book/${symbol}?depth=1000`)).body);
  const fills = answers.reduce<number>((n, a) => n + ((a as { fills?: unknown[] }).fills?.length ?? 0), 0);
  await subscriber.waitFor(() => subscriber.ofType('trade').length === fills, 10_000, 'every trade');
  const trades = subscriber.ofType('trade').map(({ ts: _ts, ...rest }) => rest);
  // Shards deliver instruments independently: compare per instrument, in seq order.
  trades.sort((a, b) => a.symbol!.localeCompare(b.symbol!) || a.seq! - b.seq!);
  return { answers, trades, books };
}

it('gives identical acknowledgements, fills, trades and books for 1 and 4 shards', async () => {
  expect(new Set(SYMBOLS.map((s) => shardOf(s, 4))).size).toBeGreaterThan(2);
  const monolith = await run(1);
  const sharded = await run(4);
  expect(monolith.trades.length).toBeGreaterThan(100);
  expect(sharded.answers).toEqual(monolith.answers);
  expect(sharded.trades).toEqual(monolith.trades);
  expect(sharded.books).toEqual(monolith.books);
  const rejects = monolith.answers.filter((a) => (a as { type: string }).type === 'reject');
  expect(rejects.length).toBeGreaterThan(0); // cancels of filled orders and of other owners' orders
});
