/**
 * The market-data feed through the real service (/v1/stream), with matching in-process
 * (shards 1) and in worker threads (shards 2, where book snapshots are asynchronous).
 */
import { afterEach, describe, expect, it } from 'vitest';

import { generateInstruments } from '../src/instruments/generate-instruments.js';
import { MdTestClient } from '../src/market-data/md-test-client.test-support.js';
import { seededOrderStream } from '../src/shards/order-stream.test-support.js';
import { OrderDriver } from './order-driver.js';
import { TestSystem } from './test-system.js';

const INSTRUMENTS = generateInstruments(8);
const SYMBOLS = INSTRUMENTS.map((i) => i.symbol);
const CHANNELS = SYMBOLS.flatMap((s) => [`book:${s}`, `trades:${s}`]);

const teardown: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

async function subscriber(sys: TestSystem): Promise<MdTestClient> {
  const client = await MdTestClient.connect(sys.wsUrl);
  teardown.push(() => client.close());
  client.send(CHANNELS.map((channel, i) => ({ type: 'subscribe', id: i, channel })));
  await client.waitFor(() => CHANNELS.every((c) => client.lastSeq.has(c)), 10_000, 'subscriptions');
  return client;
}

interface RestBook {
  seq: number;
  bids: { price: number; quantity: number }[];
  asks: { price: number; quantity: number }[];
}

async function restBooks(sys: TestSystem): Promise<Map<string, RestBook>> {
  const books = new Map<string, RestBook>();
  for (const symbol of SYMBOLS)
    books.set(symbol, (await sys.request('GET', `/v1/book/${symbol}?depth=1000`)).body as RestBook);
  return books;
}

/** Waits until the client has seen every instrument up to the service's current seq, then compares books. */
async function expectCaughtUpAndEqual(sys: TestSystem, client: MdTestClient): Promise<void> {
  const books = await restBooks(sys);
  const seen = (s: string): number =>
    Math.max(client.lastSeq.get(`book:${s}`) ?? 0, client.lastSeq.get(`trades:${s}`) ?? 0);
  await client.waitFor(() => SYMBOLS.every((s) => seen(s) === books.get(s)!.seq), 15_000, 'catch-up');
  for (const symbol of SYMBOLS) {
    const book = books.get(symbol)!;
    expect(client.levels(symbol), symbol).toEqual({
      bids: book.bids.map((l) => [l.price, l.quantity]),
      asks: book.asks.map((l) => [l.price, l.quantity]),
    });
  }
}

describe.each([1, 2])('market data on /v1/stream, shards %i', (shards) => {
  it('delivers gap-free sequences; a late subscriber starts from its snapshot and continues without a gap', async () => {
    const sys = await TestSystem.start({ instruments: INSTRUMENTS.length, fsync: 'off', shards });
    teardown.push(() => sys.close());
    const driver = await OrderDriver.open(sys, 5);
    teardown.push(() => driver.close());
    const early = await subscriber(sys);
    const ops = seededOrderStream(21, 2000, INSTRUMENTS);
    const first = await driver.playPipelined(ops.slice(0, 1000));
    expect(first.fills).toBeGreaterThan(100);
    const late = await subscriber(sys);
    expect(late.ofType('snapshot').some((s) => s.seq! > 0 && s.bids!.length + s.asks!.length > 0)).toBe(true);
    await driver.playPipelined(ops.slice(1000));

    for (const client of [early, late]) {
      await expectCaughtUpAndEqual(sys, client);
      expect(client.problems).toEqual([]);
    }
    // The early subscriber holds both channels of every instrument from seq 0: every number, once, in order.
    const books = await restBooks(sys);
    for (const symbol of SYMBOLS) {
      const seqs = early.messages
        .filter((m) => (m.type === 'book' || m.type === 'trade') && m.symbol === symbol)
        .map((m) => m.seq);
      expect(seqs, symbol).toEqual(Array.from({ length: books.get(symbol)!.seq }, (_, i) => i + 1));
    }
    // What an outside client sees: trades and book deltas, each with seq, prev and ts.
    const now = performance.timeOrigin + performance.now();
    const trade = early.ofType('trade')[0];
    expect(trade).toMatchObject({
      type: 'trade',
      symbol: expect.any(String),
      seq: expect.any(Number),
      prev: expect.any(Number),
    });
    expect(trade.ts).toBeGreaterThan(now - 60_000);
    expect(trade.ts).toBeLessThanOrEqual(now);
    expect(early.ofType('book')[0]).toMatchObject({
      side: expect.stringMatching(/^(buy|sell)$/),
      quantity: expect.any(Number),
    });
    expect(early.ofType('snapshot').find((m) => m.id === 0)).toMatchObject({ channel: CHANNELS[0], seq: 0 });
  });

  it('answers bad subscriptions with error codes and keeps the connection', async () => {
    const sys = await TestSystem.start({ instruments: 4, shards });
    teardown.push(() => sys.close());
    const client = await MdTestClient.connect(sys.wsUrl);
    teardown.push(() => client.close());
    client.send([
      { type: 'subscribe', id: 'a', channel: 'book:NOPE' },
      { type: 'subscribe', id: 'b', channel: 'depth:SYM00001' },
      { type: 'unsubscribe', id: 'c', channel: 'trades:SYM00001' },
      { type: 'subscribe', id: 'd', channel: 'trades:SYM00001' },
    ]);
    await client.waitFor(
      () => client.ofType('error').length === 3 && client.ofType('subscribed').length === 1,
    );
    // With shards the unknown symbol is only known after the shard answers: sort by id.
    const errors = client.ofType('error').map((m) => [String(m.id), m.code]);
    expect(errors.sort()).toEqual([
      ['a', 'UNKNOWN_INSTRUMENT'],
      ['b', 'INVALID_CHANNEL'],
      ['c', 'NOT_SUBSCRIBED'],
    ]);
    expect(client.ofType('subscribed')[0]).toMatchObject({ id: 'd', channel: 'trades:SYM00001', seq: 0 });
  });
});
