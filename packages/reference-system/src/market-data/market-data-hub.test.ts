import { afterEach, describe, expect, it } from 'vitest';
import { MatchingEngine } from '../engine/index.js';
import type { BookSnapshot } from '../engine/types.js';
import { TEST_INSTRUMENTS, seededOrderStream, type StreamOp } from '../shards/order-stream.test-support.js';
import { MarketDataCloseCode } from './close-codes.js';
import { startHubServer, type HubServer } from './hub-server.test-support.js';
import { MarketDataHub, type SnapshotSource } from './market-data-hub.js';
import type { MarketDataOptions } from './market-data-options.js';
import { MdTestClient } from './md-test-client.test-support.js';

const SYMBOLS = TEST_INSTRUMENTS.map((i) => i.symbol);
const ALL_CHANNELS = SYMBOLS.flatMap((s) => [`book:${s}`, `trades:${s}`]);

interface Exchange {
  engine: MatchingEngine;
  hub: MarketDataHub;
  server: HubServer;
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function exchange(options: MarketDataOptions = {}, asyncSnapshotMs?: number): Promise<Exchange> {
  const sync: SnapshotSource = (symbol, depth) => engine.book(symbol, depth);
  // An asynchronous source takes its snapshot later, as a shard worker does: events keep coming meanwhile.
  const source: SnapshotSource =
    asyncSnapshotMs === undefined
      ? sync
      : (symbol, depth) =>
          new Promise<BookSnapshot | undefined>((resolve) =>
            setTimeout(() => resolve(engine.book(symbol, depth)), asyncSnapshotMs),
          );
  const hub: MarketDataHub = new MarketDataHub(source, options);
  const engine: MatchingEngine = new MatchingEngine(TEST_INSTRUMENTS, hub.engineEvents());
  const server = await startHubServer(hub);
  cleanup.push(async () => {
    hub.close();
    await server.close();
  });
  return { engine, hub, server };
}

async function client(ex: Exchange, channels: readonly string[] = ALL_CHANNELS): Promise<MdTestClient> {
  const c = await MdTestClient.connect(ex.server.url);
  cleanup.push(() => c.close());
  c.send(channels.map((channel) => ({ type: 'subscribe', channel })));
  await c.waitFor(() => channels.every((ch) => c.lastSeq.has(ch)), 5000, 'subscriptions');
  return c;
}

/** Plays operations into the engine, `perTick` at a time, yielding so flushes interleave. */
async function play(engine: MatchingEngine, ops: readonly StreamOp[], perTick = 50): Promise<void> {
  for (let i = 0; i < ops.length; i += perTick) {
    for (const op of ops.slice(i, i + perTick)) {
      if (op.kind === 'submit') engine.submit(op.order);
      else engine.cancel(op.orderId, op.ownerId);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function caughtUp(c: MdTestClient, engine: MatchingEngine): boolean {
  return SYMBOLS.every(
    (s) =>
      Math.max(c.lastSeq.get(`book:${s}`) ?? 0, c.lastSeq.get(`trades:${s}`) ?? 0) === engine.sequence(s),
  );
}

function expectBooksMatch(c: MdTestClient, engine: MatchingEngine): void {
  for (const symbol of SYMBOLS) {
    const book = engine.book(symbol, 10_000)!;
    expect(c.levels(symbol), symbol).toEqual({
      bids: book.bids.map((l) => [l.price, l.quantity]),
      asks: book.asks.map((l) => [l.price, l.quantity]),
    });
  }
}

describe('MarketDataHub', () => {
  it('delivers a snapshot, then every book change and trade with consecutive seq and ts', async () => {
    const ex = await exchange();
    const a = await client(ex);
    const b = await client(ex);
    await play(ex.engine, seededOrderStream(1, 3000));
    await a.waitFor(() => caughtUp(a, ex.engine) && caughtUp(b, ex.engine), 10_000, 'catch-up');
    for (const c of [a, b]) {
      expect(c.problems).toEqual([]);
      expectBooksMatch(c, ex.engine);
      for (const symbol of SYMBOLS) {
        // Subscribed to both channels from seq 0: together they carry every number once, in order.
        const seqs = c.messages
          .filter((m) => (m.type === 'book' || m.type === 'trade') && m.symbol === symbol)
          .map((m) => m.seq);
        expect(seqs).toEqual(Array.from({ length: ex.engine.sequence(symbol) }, (_, i) => i + 1));
      }
    }
    const now = performance.timeOrigin + performance.now();
    const events = a.messages.filter((m) => m.type === 'book' || m.type === 'trade');
    expect(events.length).toBeGreaterThan(3000);
    expect(events.every((m) => typeof m.ts === 'number' && m.ts <= now && m.ts > now - 60_000)).toBe(true);
    expect(a.ofType('trade').length).toBeGreaterThan(100);
  });

  it('starts a late subscriber from the snapshot and continues without a gap', async () => {
    const ex = await exchange();
    const ops = seededOrderStream(2, 3000);
    await play(ex.engine, ops.slice(0, 1500));
    const late = await client(ex);
    const snapshots = late.ofType('snapshot');
    expect(snapshots.some((s) => s.seq! > 0 && s.bids!.length + s.asks!.length > 0)).toBe(true);
    await play(ex.engine, ops.slice(1500));
    await late.waitFor(() => caughtUp(late, ex.engine), 10_000, 'catch-up');
    expect(late.problems).toEqual([]);
    expectBooksMatch(late, ex.engine);
    for (const snapshot of snapshots) {
      const next = late.messages.find((m) => m.type === 'book' && m.symbol === snapshot.symbol);
      if (next) expect(next.prev).toBeLessThanOrEqual(snapshot.seq!);
    }
  });

  it('holds events that arrive while an asynchronous snapshot is taken and drops those it covers', async () => {
    const ex = await exchange({}, 5);
    const ops = seededOrderStream(3, 4000);
    const playing = play(ex.engine, ops, 20);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const c = await client(ex);
    await playing;
    await c.waitFor(() => caughtUp(c, ex.engine), 10_000, 'catch-up');
    expect(c.problems).toEqual([]);
    expectBooksMatch(c, ex.engine);
  });

  it('batches messages into frames and counts exactly what it sent', async () => {
    const ex = await exchange({ batchIntervalMs: 20 });
    const c = await client(ex);
    await play(ex.engine, seededOrderStream(4, 2000), 10);
    await c.waitFor(() => caughtUp(c, ex.engine), 10_000, 'catch-up');
    const stats = ex.hub.stats();
    expect(stats.messagesSent).toBe(c.messages.length);
    expect(stats.framesSent).toBe(c.frames);
    expect(c.frames).toBeLessThan(c.messages.length / 5);
    expect(stats.connections).toBe(1);
    expect(stats.subscriptions).toBe(ALL_CHANNELS.length);
    expect(stats.eventsPublished).toBe(SYMBOLS.reduce((sum, s) => sum + ex.engine.sequence(s), 0));
  });

  it('answers bad subscribe and unsubscribe requests with error codes', async () => {
    const ex = await exchange({ maxSubscriptions: 3 });
    const c = await MdTestClient.connect(ex.server.url);
    cleanup.push(() => c.close());
    c.send([
      { type: 'subscribe', channel: 'book:AAA', id: 'first' },
      { type: 'subscribe', channel: 'book:AAA', id: 2 },
      { type: 'subscribe', channel: 'quotes:AAA' },
      { type: 'subscribe', channel: 'book:NOPE' },
      { type: 'unsubscribe', channel: 'trades:AAA' },
      { type: 'subscribe', channel: 'trades:AAA' },
      { type: 'subscribe', channel: 'book:BBB' },
      { type: 'subscribe', channel: 'book:CCC' },
      { type: 'unsubscribe', channel: 'book:AAA' },
    ]);
    await c.waitFor(() => c.ofType('unsubscribed').length === 1, 5000, 'unsubscribed');
    expect(c.ofType('error').map((m) => [m.code, m.channel])).toEqual([
      ['ALREADY_SUBSCRIBED', 'book:AAA'],
      ['INVALID_CHANNEL', 'quotes:AAA'],
      ['UNKNOWN_INSTRUMENT', 'book:NOPE'],
      ['NOT_SUBSCRIBED', 'trades:AAA'],
      ['TOO_MANY_SUBSCRIPTIONS', 'book:CCC'],
    ]);
    expect(c.ofType('snapshot')[0]).toMatchObject({
      id: 'first',
      channel: 'book:AAA',
      seq: 0,
      bids: [],
      asks: [],
    });
    expect(c.ofType('error')[0]).toMatchObject({ id: 2, message: 'already subscribed to book:AAA' });
    expect(c.messages.every((m) => typeof m.ts === 'number')).toBe(true);
    expect(ex.hub.stats().subscriptions).toBe(2);
    ex.engine.submit({
      ownerId: 1,
      clientOrderId: 'x',
      symbol: 'AAA',
      side: 'buy',
      type: 'limit',
      price: 10,
      quantity: 1,
    });
    ex.engine.submit({
      ownerId: 1,
      clientOrderId: 'y',
      symbol: 'BBB',
      side: 'buy',
      type: 'limit',
      price: 10,
      quantity: 10,
    });
    await c.waitFor(() => c.ofType('book').length === 1, 5000, 'book event');
    expect(c.ofType('book')[0].symbol).toBe('BBB');
  });

  it('conflates a subscriber that stops reading and resumes it from fresh snapshots', async () => {
    const ex = await exchange({
      highWaterBytes: 32 * 1024,
      maxBufferedBytes: 64 * 1024 * 1024,
      maxConflatedMs: 60_000,
    });
    const slow = await client(ex);
    const steady = await client(ex);
    slow.tcp!.pause();
    const ops = seededOrderStream(5, 60_000);
    let i = 0;
    while (ex.hub.stats().conflations === 0 && i < ops.length) {
      await play(ex.engine, ops.slice(i, i + 500), 100);
      i += 500;
    }
    expect(ex.hub.stats().conflatingConnections).toBe(1);
    await play(ex.engine, ops.slice(i, i + 2000), 100);
    slow.tcp!.resume();
    await slow.waitFor(
      () => slow.ofType('conflated').length === 1 && caughtUp(slow, ex.engine),
      20_000,
      'recovery',
    );
    await steady.waitFor(() => caughtUp(steady, ex.engine), 20_000, 'steady catch-up');
    const notice = slow.ofType('conflated')[0];
    expect(notice.dropped).toBeGreaterThan(0);
    expect([...notice.channels!].sort()).toEqual([...ALL_CHANNELS].sort());
    expect(slow.problems).toEqual([]);
    expectBooksMatch(slow, ex.engine);
    expect(steady.problems).toEqual([]);
    expectBooksMatch(steady, ex.engine);
    expect(steady.ofType('conflated')).toEqual([]);
    expect(ex.hub.stats()).toMatchObject({
      conflations: 1,
      conflatingConnections: 0,
      slowConsumerDisconnects: 0,
    });
  });

  it('disconnects a subscriber that stays behind, with 4008, while others get every update and memory stays bounded', async () => {
    const highWaterBytes = 32 * 1024;
    const ex = await exchange({ highWaterBytes, maxConflatedMs: 300, closeGraceMs: 5000 });
    const slow = await client(ex);
    const steady = await client(ex);
    const slowServerSide = ex.server.sockets[0];
    slow.tcp!.pause();
    let maxBuffered = 0;
    const sampler = setInterval(
      () => (maxBuffered = Math.max(maxBuffered, slowServerSide.bufferedAmount)),
      5,
    );
    cleanup.push(async () => clearInterval(sampler));
    const ops = seededOrderStream(6, 200_000);
    let i = 0;
    while (ex.hub.stats().slowConsumerDisconnects === 0 && i < ops.length) {
      await play(ex.engine, ops.slice(i, i + 500), 100);
      maxBuffered = Math.max(maxBuffered, slowServerSide.bufferedAmount);
      i += 500;
    }
    const stats = ex.hub.stats();
    expect(stats.conflations).toBe(1);
    expect(stats.slowConsumerDisconnects).toBe(1);
    expect(stats.connections).toBe(1);
    // Bounded: nothing is queued for it beyond the high-water mark plus the frame that crossed it.
    expect(maxBuffered).toBeLessThan(highWaterBytes + 512 * 1024);
    expect(stats.maxSendBufferBytes).toBeLessThan(highWaterBytes + 512 * 1024);
    expect(stats.maxSendBufferBytes).toBeGreaterThan(highWaterBytes);
    slow.tcp!.resume();
    await slow.waitFor(() => slow.closeCode !== undefined, 10_000, 'close');
    expect(slow.closeCode).toBe(MarketDataCloseCode.SLOW_CONSUMER);
    expect(slow.closeReason).toMatch(/^slow consumer: behind for more than 300 ms/);
    await play(ex.engine, ops.slice(i, i + 1000));
    await steady.waitFor(() => caughtUp(steady, ex.engine), 20_000, 'steady catch-up');
    expect(steady.problems).toEqual([]);
    expectBooksMatch(steady, ex.engine);
    expect(steady.ofType('conflated')).toEqual([]);
  });
});
