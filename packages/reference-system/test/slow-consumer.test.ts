/**
 * A subscriber that stops reading, through the real service: it is conflated, then closed
 * with 4008, while a reading subscriber gets every update in order and the server's send
 * buffer for the slow one stays bounded.
 */
import { afterEach, expect, it } from 'vitest';

import { generateInstruments } from '../src/instruments/generate-instruments.js';
import { MarketDataCloseCode } from '../src/market-data/close-codes.js';
import { MdTestClient } from '../src/market-data/md-test-client.test-support.js';
import { seededOrderStream } from '../src/shards/order-stream.test-support.js';
import { OrderDriver } from './order-driver.js';
import { TestSystem } from './test-system.js';

const INSTRUMENTS = generateInstruments(8);
const SYMBOLS = INSTRUMENTS.map((i) => i.symbol);
const CHANNELS = SYMBOLS.flatMap((s) => [`book:${s}`, `trades:${s}`]);
const HIGH_WATER = 32 * 1024; // bytes

const teardown: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

/** `name{labels}` → value from GET /metrics. */
async function metrics(sys: TestSystem): Promise<Map<string, number>> {
  const text = (await sys.request('GET', '/metrics')).body as string;
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const space = line.lastIndexOf(' ');
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

async function subscriber(sys: TestSystem): Promise<MdTestClient> {
  const client = await MdTestClient.connect(sys.wsUrl);
  teardown.push(() => client.close());
  client.send(CHANNELS.map((channel) => ({ type: 'subscribe', channel })));
  await client.waitFor(() => CHANNELS.every((c) => client.lastSeq.has(c)), 10_000, 'subscriptions');
  return client;
}

it('conflates and then disconnects a subscriber that never reads, without slowing the others or growing memory', async () => {
  const sys = await TestSystem.start({
    instruments: INSTRUMENTS.length,
    fsync: 'off',
    marketData: { highWaterBytes: HIGH_WATER, maxConflatedMs: 500, closeGraceMs: 10_000 },
  });
  teardown.push(() => sys.close());
  const driver = await OrderDriver.open(sys, 5);
  teardown.push(() => driver.close());
  const slow = await subscriber(sys);
  const steady = await subscriber(sys);
  slow.tcp!.pause();

  const ops = seededOrderStream(31, 120_000, INSTRUMENTS);
  let played = 0;
  let m = await metrics(sys);
  while ((m.get('headroom_md_disconnects_total') ?? 0) === 0 && played < ops.length) {
    await driver.playPipelined(ops.slice(played, played + 2000));
    played += 2000;
    m = await metrics(sys);
  }
  expect(m.get('headroom_md_conflations_total')).toBe(1);
  expect(m.get('headroom_md_disconnects_total')).toBe(1);
  expect(m.get('headroom_md_messages_conflated_total')).toBeGreaterThan(0);
  // Bounded: it was never sent more than the high-water mark plus the frame that crossed it,
  // although the events it subscribed to came to far more bytes.
  expect(m.get('headroom_md_send_buffer_max_bytes')).toBeGreaterThan(HIGH_WATER);
  expect(m.get('headroom_md_send_buffer_max_bytes')).toBeLessThan(HIGH_WATER + 512 * 1024);
  expect(m.get('headroom_md_bytes_sent_total')).toBeGreaterThan(8 * 1024 * 1024);

  // A client that starts reading again in time finds the close frame behind its backlog.
  slow.tcp!.resume();
  await slow.waitFor(() => slow.closeCode !== undefined, 10_000, 'the close frame');
  expect(slow.closeCode).toBe(MarketDataCloseCode.SLOW_CONSUMER);
  expect(slow.closeReason).toBe('slow consumer: behind for more than 500 ms');
  expect(slow.problems).toEqual([]);

  // The reading subscriber got every update, in order, and holds the service's books.
  type RestBook = {
    seq: number;
    bids: { price: number; quantity: number }[];
    asks: { price: number; quantity: number }[];
  };
  const books = new Map<string, RestBook>();
  for (const symbol of SYMBOLS)
    books.set(symbol, (await sys.request('GET', `/v1/book/${symbol}?depth=1000`)).body as RestBook);
  const seen = (s: string): number =>
    Math.max(steady.lastSeq.get(`book:${s}`) ?? 0, steady.lastSeq.get(`trades:${s}`) ?? 0);
  await steady.waitFor(() => SYMBOLS.every((s) => seen(s) === books.get(s)!.seq), 20_000, 'catch-up');
  expect(steady.problems).toEqual([]);
  expect(steady.ofType('conflated')).toEqual([]);
  for (const symbol of SYMBOLS) {
    const book = books.get(symbol)!;
    const seqs = steady.messages.filter(
      (x) => (x.type === 'book' || x.type === 'trade') && x.symbol === symbol,
    );
    expect(seqs.length, symbol).toBe(book.seq);
    expect(steady.levels(symbol), symbol).toEqual({
      bids: book.bids.map((l) => [l.price, l.quantity]),
      asks: book.asks.map((l) => [l.price, l.quantity]),
    });
  }
});
