// The workers run the build output (dist/src/shards/shard-worker.js): build before testing.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvents } from '../engine/index.js';
import { InProcessMatcher } from '../matching/in-process-matcher.js';
import { MatchingEventBus } from '../matching/matching-event-bus.js';
import type { OrderMatcher } from '../matching/order-matcher.js';
import { ResourceMeter } from '../metrics/resource-meter.js';
import { TEST_INSTRUMENTS, seededOrderStream, type StreamOp } from './order-stream.test-support.js';
import { shardOf } from './shard-of.js';
import { ShardedMatcher } from './sharded-matcher.js';

const SYMBOLS = TEST_INSTRUMENTS.map((i) => i.symbol);
type Recorded = [string, ...unknown[]];

/** Records every engine event, per instrument, in the order the bus delivered it. */
function recorder(): { events: EngineEvents; bySymbol: Map<string, Recorded[]> } {
  const bySymbol = new Map<string, Recorded[]>();
  const add = (symbol: string, event: Recorded): void => {
    if (!bySymbol.has(symbol)) bySymbol.set(symbol, []);
    bySymbol.get(symbol)!.push(event);
  };
  return {
    bySymbol,
    events: {
      onAccepted: (order) => add(order.symbol, ['accepted', { ...order }]),
      onFill: (fill) => add(fill.symbol, ['fill', { ...fill }]),
      onCancelled: (orderId, ownerId, symbol, quantity) =>
        add(symbol, ['cancelled', orderId, ownerId, quantity]),
      onBookChange: (symbol, side, price, quantity, seq) => add(symbol, ['book', side, price, quantity, seq]),
    },
  };
}

/** Plays the stream without waiting between calls, as a busy gateway does; answers in call order. */
async function play(matcher: OrderMatcher, ops: readonly StreamOp[]): Promise<unknown[]> {
  return Promise.all(
    ops.map((op) =>
      op.kind === 'submit' ? matcher.submit(op.order) : matcher.cancel(op.orderId, op.ownerId),
    ),
  );
}

const open: OrderMatcher[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});

async function monolith(): Promise<{ matcher: InProcessMatcher; bySymbol: Map<string, Recorded[]> }> {
  const bus = new MatchingEventBus();
  const rec = recorder();
  bus.subscribe(rec.events);
  const matcher = new InProcessMatcher(TEST_INSTRUMENTS, bus);
  open.push(matcher);
  matcher.startPublishing();
  return { matcher, bySymbol: rec.bySymbol };
}

async function sharded(shards: number, meter?: ResourceMeter) {
  const bus = new MatchingEventBus();
  const rec = recorder();
  bus.subscribe(rec.events);
  const matcher = await ShardedMatcher.start(TEST_INSTRUMENTS, bus, { shards, ...(meter ? { meter } : {}) });
  open.push(matcher);
  matcher.startPublishing();
  return { matcher, bySymbol: rec.bySymbol };
}

describe('ShardedMatcher', () => {
  it('gives the monolith’s results, fills, sequences and events with 4 shards', async () => {
    const ops = seededOrderStream(11, 20_000);
    const one = await monolith();
    const four = await sharded(4);
    expect(new Set(SYMBOLS.map((s) => shardOf(s, 4))).size).toBeGreaterThan(1);
    const expected = await play(one.matcher, ops);
    const actual = await play(four.matcher, ops);
    expect(actual).toEqual(expected);
    const fills = (expected as { fills: unknown[] }[]).reduce((n, r) => n + (r.fills?.length ?? 0), 0);
    expect(fills).toBeGreaterThan(2000);
    for (const symbol of SYMBOLS) {
      expect(four.bySymbol.get(symbol), symbol).toEqual(one.bySymbol.get(symbol));
      expect(await four.matcher.book(symbol, 1000)).toEqual(await one.matcher.book(symbol, 1000));
    }
    // Order state and routes: every order id answers the same, live or not.
    const lookups = [1, 2, 3, 500, 5000, 9999, 15_000, 99_999];
    for (const id of lookups) expect(await four.matcher.getOrder(id)).toEqual(await one.matcher.getOrder(id));
    expect(four.matcher.liveOrderCount).toBe(one.matcher.liveOrderCount);
  });

  it('rebuilds silently until publishing starts, and answers unknown symbols and ids like the engine', async () => {
    const bus = new MatchingEventBus();
    const rec = recorder();
    bus.subscribe(rec.events);
    const matcher = await ShardedMatcher.start(TEST_INSTRUMENTS, bus, { shards: 2 });
    open.push(matcher);
    const ops = seededOrderStream(12, 500);
    await play(matcher, ops);
    expect(rec.bySymbol.size).toBe(0);
    matcher.startPublishing();
    const order = {
      orderId: 10_000,
      ownerId: 1,
      clientOrderId: 'z',
      symbol: 'AAA',
      side: 'buy',
      type: 'limit',
    } as const;
    const result = await matcher.submit({ ...order, price: 1, quantity: 1 });
    expect(result).toMatchObject({ rejectCode: 'NONE', status: 'resting', orderId: 10_000 });
    expect(rec.bySymbol.get('AAA')!.map((e) => e[0])).toEqual(['accepted', 'book']);
    expect(
      await matcher.submit({ ...order, orderId: 10_001, symbol: 'NOPE', price: 1, quantity: 1 }),
    ).toMatchObject({
      rejectCode: 'UNKNOWN_INSTRUMENT',
      orderId: 0,
    });
    expect(await matcher.cancel(123_456, 1)).toEqual({
      rejectCode: 'UNKNOWN_ORDER',
      orderId: 123_456,
      cancelled: 0,
    });
    expect(await matcher.cancel(10_000, 2)).toEqual({
      rejectCode: 'NOT_OWNER',
      orderId: 10_000,
      cancelled: 0,
    });
    expect(await matcher.cancel(10_000, 1)).toEqual({ rejectCode: 'NONE', orderId: 10_000, cancelled: 1 });
    expect(await matcher.getOrder(10_000)).toBeUndefined();
    expect(await matcher.book('NOPE', 10)).toBeUndefined();
  });

  it('reports each shard’s busy time, measured in its own thread', async () => {
    const meter = new ResourceMeter();
    const startedAt = performance.now();
    const two = await sharded(2, meter);
    await play(two.matcher, seededOrderStream(13, 20_000));
    const wall = (performance.now() - startedAt) / 1000;
    const readings = meter.readings();
    expect(readings.map((r) => [r.resource, r.servers])).toEqual([
      ['matching_shard_0', 1],
      ['matching_shard_1', 1],
    ]);
    for (const reading of readings) {
      expect(reading.busySeconds).toBeGreaterThan(0);
      expect(reading.busySeconds).toBeLessThanOrEqual(wall);
    }
  });

  it('settles pending calls on close and refuses calls after it', async () => {
    const { matcher } = await sharded(2);
    const pending = play(matcher, seededOrderStream(14, 2000));
    const closed = matcher.close();
    const results = await pending;
    await closed;
    expect(results).toHaveLength(2000);
    await expect(matcher.book('AAA', 1)).rejects.toMatchObject({ code: 'SHARD_UNAVAILABLE' });
  });

  it('refuses a shard count out of range', async () => {
    await expect(ShardedMatcher.start(TEST_INSTRUMENTS, {}, { shards: 0 })).rejects.toMatchObject({
      code: 'INVALID_SHARDS',
    });
  });
});
