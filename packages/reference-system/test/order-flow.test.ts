import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TestStream, TestSystem } from './test-system.js';

interface Listed {
  symbol: string;
  tickSize: number;
  lotSize: number;
  referencePrice: number;
}

let sys: TestSystem;
let instruments: Listed[];
let alice: { userId: number; token: string };
let bob: { userId: number; token: string };
const streams: TestStream[] = [];

beforeAll(async () => {
  sys = await TestSystem.start();
  const users = await sys.users(2);
  alice = users[0]!;
  bob = users[1]!;
  instruments = (await sys.request('GET', '/v1/instruments?limit=20')).body.instruments;
});

afterAll(async () => {
  for (const s of streams) s.close();
  await sys?.close();
});

/** An instrument no earlier test touched: each test starts from an empty book. */
let nextInstrument = 0;
function freshInstrument(): Listed {
  return instruments[nextInstrument++];
}

async function openStream(token?: string): Promise<TestStream> {
  const stream = await TestStream.open(sys.wsUrl, token);
  streams.push(stream);
  return stream;
}

describe('instruments', () => {
  it('lists instruments in pages with tick size, lot size and reference price', async () => {
    const first = await sys.request('GET', '/v1/instruments?offset=0&limit=5');
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(20);
    expect(first.body.instruments).toHaveLength(5);
    expect(first.body.instruments[0]).toMatchObject({ symbol: 'SYM00001' });
    const last = await sys.request('GET', '/v1/instruments?offset=18&limit=5');
    expect((last.body.instruments as Listed[]).map((i) => i.symbol)).toEqual(['SYM00019', 'SYM00020']);
    for (const i of instruments) expect(i.referencePrice % i.tickSize).toBe(0);
  });
});

describe('order entry over REST', () => {
  it('rests, fills partially, fills, and reports order state and the book', async () => {
    const inst = freshInstrument();
    const price = inst.referencePrice;
    const lot = inst.lotSize;
    const sell = await sys.request('POST', '/v1/orders', {
      token: alice.token,
      body: {
        clientOrderId: 's1',
        symbol: inst.symbol,
        side: 'sell',
        type: 'limit',
        price,
        quantity: 10 * lot,
      },
    });
    expect(sell.status).toBe(201);
    expect(sell.body).toMatchObject({
      clientOrderId: 's1',
      status: 'resting',
      fills: [],
      remaining: 10 * lot,
      filled: 0,
    });
    const sellId = sell.body.orderId as number;

    const book = await sys.request('GET', `/v1/book/${inst.symbol}?depth=5`);
    expect(book.status).toBe(200);
    expect(book.body).toMatchObject({
      symbol: inst.symbol,
      bids: [],
      asks: [{ price, quantity: 10 * lot, orders: 1 }],
    });
    expect(book.body.seq).toBeGreaterThan(0);

    const buy = await sys.request('POST', '/v1/orders', {
      token: bob.token,
      body: {
        clientOrderId: 'b1',
        symbol: inst.symbol,
        side: 'buy',
        type: 'limit',
        price,
        quantity: 4 * lot,
      },
    });
    expect(buy.status).toBe(201);
    expect(buy.body).toMatchObject({ status: 'filled', filled: 4 * lot, remaining: 0 });
    expect(buy.body.fills).toEqual([{ price, quantity: 4 * lot, seq: expect.any(Number) }]);

    const state = await sys.request('GET', `/v1/orders/${sellId}`, { token: alice.token });
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      orderId: sellId,
      status: 'partially_filled',
      filled: 4 * lot,
      remaining: 6 * lot,
      side: 'sell',
      price,
    });

    // A market order takes what is there and drops the rest.
    const market = await sys.request('POST', '/v1/orders', {
      token: bob.token,
      body: { clientOrderId: 'b2', symbol: inst.symbol, side: 'buy', type: 'market', quantity: 10 * lot },
    });
    expect(market.body).toMatchObject({
      status: 'cancelled',
      filled: 6 * lot,
      cancelled: 4 * lot,
      remaining: 0,
    });

    const done = await sys.request('GET', `/v1/orders/${sellId}`, { token: alice.token });
    expect(done.body).toMatchObject({ status: 'filled', filled: 10 * lot, remaining: 0 });
    const empty = await sys.request('GET', `/v1/book/${inst.symbol}`);
    expect(empty.body.asks).toEqual([]);
    expect(empty.body.seq).toBeGreaterThan(book.body.seq as number);
  });

  it('cancels a resting order once; a second cancel is refused as not live', async () => {
    const inst = freshInstrument();
    const placed = await sys.request('POST', '/v1/orders', {
      token: alice.token,
      body: {
        clientOrderId: 'c1',
        symbol: inst.symbol,
        side: 'buy',
        type: 'limit',
        price: inst.referencePrice,
        quantity: inst.lotSize,
        timeInForce: 'GTC',
      },
    });
    const id = placed.body.orderId as number;
    const cancelled = await sys.request('DELETE', `/v1/orders/${id}`, { token: alice.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({ orderId: id, status: 'cancelled', cancelled: inst.lotSize });
    expect((await sys.request('GET', `/v1/book/${inst.symbol}`)).body.bids).toEqual([]);
    const again = await sys.request('DELETE', `/v1/orders/${id}`, { token: alice.token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ORDER_NOT_LIVE');
    expect((await sys.request('GET', `/v1/orders/${id}`, { token: alice.token })).body.status).toBe(
      'cancelled',
    );
  });

  it('drops the remainder of an IOC order and rejects a duplicate live clientOrderId', async () => {
    const inst = freshInstrument();
    const body = {
      clientOrderId: 'dup',
      symbol: inst.symbol,
      side: 'sell',
      type: 'limit',
      price: inst.referencePrice,
      quantity: inst.lotSize,
    };
    expect((await sys.request('POST', '/v1/orders', { token: alice.token, body })).status).toBe(201);
    const dup = await sys.request('POST', '/v1/orders', { token: alice.token, body });
    expect(dup.status).toBe(422);
    expect(dup.body.error.code).toBe('DUPLICATE_CLIENT_ORDER_ID');
    const ioc = await sys.request('POST', '/v1/orders', {
      token: bob.token,
      body: { ...body, clientOrderId: 'ioc', side: 'buy', quantity: 3 * inst.lotSize, timeInForce: 'IOC' },
    });
    expect(ioc.body).toMatchObject({
      status: 'cancelled',
      filled: inst.lotSize,
      cancelled: 2 * inst.lotSize,
    });
    expect((await sys.request('GET', `/v1/book/${inst.symbol}`)).body).toMatchObject({ bids: [], asks: [] });
  });
});

describe('order entry over WebSocket', () => {
  it('acknowledges orders, pushes executions to both owners, cancels, and answers ping', async () => {
    const inst = freshInstrument();
    const price = inst.referencePrice;
    const a = await openStream(alice.token); // authenticated at the upgrade
    const b = await openStream();
    b.send({ type: 'auth', id: 'hello', token: bob.token });
    expect(await b.next((m) => m.type === 'ack' && m.ref === 'auth')).toMatchObject({
      id: 'hello',
      userId: bob.userId,
    });

    a.send({
      type: 'order',
      id: 1,
      clientOrderId: 'w1',
      symbol: inst.symbol,
      side: 'sell',
      orderType: 'limit',
      price,
      quantity: 5 * inst.lotSize,
    });
    const rest = await a.next((m) => m.type === 'ack' && m.id === 1);
    expect(rest).toMatchObject({
      ref: 'order',
      clientOrderId: 'w1',
      status: 'resting',
      remaining: 5 * inst.lotSize,
    });
    expect(typeof rest.ts).toBe('number');
    expect(Math.abs(rest.ts - Date.now())).toBeLessThan(5000);

    // One frame, two orders: handled in order.
    b.send([
      {
        type: 'order',
        id: 'x',
        clientOrderId: 'w2',
        symbol: inst.symbol,
        side: 'buy',
        orderType: 'limit',
        price,
        quantity: 2 * inst.lotSize,
      },
      {
        type: 'order',
        id: 'y',
        clientOrderId: 'w3',
        symbol: inst.symbol,
        side: 'buy',
        orderType: 'market',
        quantity: 3 * inst.lotSize,
      },
    ]);
    expect(await b.next((m) => m.id === 'x' && m.type === 'ack')).toMatchObject({
      status: 'filled',
      filled: 2 * inst.lotSize,
    });
    expect(await b.next((m) => m.id === 'y' && m.type === 'ack')).toMatchObject({
      status: 'filled',
      filled: 3 * inst.lotSize,
    });

    const takerFills = await b.next((m) => m.type === 'execution' && m.clientOrderId === 'w3');
    expect(takerFills).toMatchObject({
      liquidity: 'taker',
      side: 'buy',
      price,
      quantity: 3 * inst.lotSize,
      leaves: 0,
    });
    const makerFinal = await a.next((m) => m.type === 'execution' && m.filled === 5 * inst.lotSize);
    expect(makerFinal).toMatchObject({
      orderId: rest.orderId,
      clientOrderId: 'w1',
      liquidity: 'maker',
      side: 'sell',
      leaves: 0,
    });
    const makerExecutions = a.messages.filter((m) => m.type === 'execution');
    expect(makerExecutions.map((m) => m.quantity as number)).toEqual([2 * inst.lotSize, 3 * inst.lotSize]);
    expect(makerExecutions[0].seq).toBeLessThan(makerExecutions[1].seq as number);

    // Cancel over WS, and a cancel of someone else's order.
    a.send({
      type: 'order',
      id: 2,
      clientOrderId: 'w4',
      symbol: inst.symbol,
      side: 'buy',
      orderType: 'limit',
      price,
      quantity: inst.lotSize,
    });
    const resting = await a.next((m) => m.id === 2 && m.type === 'ack');
    b.send({ type: 'cancel', id: 'steal', orderId: resting.orderId });
    expect(await b.next((m) => m.id === 'steal')).toMatchObject({
      type: 'reject',
      ref: 'cancel',
      code: 'NOT_OWNER',
    });
    a.send({ type: 'cancel', id: 3, orderId: resting.orderId });
    expect(await a.next((m) => m.id === 3)).toMatchObject({
      type: 'ack',
      ref: 'cancel',
      status: 'cancelled',
      cancelled: inst.lotSize,
    });

    a.send({ type: 'ping', id: 'p' });
    const pong = await a.next((m) => m.type === 'pong');
    expect(pong.id).toBe('p');
    expect(typeof pong.ts).toBe('number');
  });

  it('pushes executions for orders entered over REST to the owner’s streams', async () => {
    const inst = freshInstrument();
    const a = await openStream(alice.token);
    await sys.request('POST', '/v1/orders', {
      token: alice.token,
      body: {
        clientOrderId: 'r1',
        symbol: inst.symbol,
        side: 'buy',
        type: 'limit',
        price: inst.referencePrice,
        quantity: inst.lotSize,
      },
    });
    await sys.request('POST', '/v1/orders', {
      token: bob.token,
      body: {
        clientOrderId: 'r2',
        symbol: inst.symbol,
        side: 'sell',
        type: 'market',
        quantity: inst.lotSize,
      },
    });
    const execution = await a.next((m) => m.type === 'execution' && m.clientOrderId === 'r1');
    expect(execution).toMatchObject({
      liquidity: 'maker',
      side: 'buy',
      quantity: inst.lotSize,
      symbol: inst.symbol,
    });
    expect(typeof execution.ts).toBe('number');
  });

  it('refuses orders before authentication and answers an unauthenticated ping', async () => {
    const inst = freshInstrument();
    const s = await openStream();
    s.send({
      type: 'order',
      id: 9,
      clientOrderId: 'n',
      symbol: inst.symbol,
      side: 'buy',
      orderType: 'market',
      quantity: inst.lotSize,
    });
    expect(await s.next((m) => m.id === 9)).toMatchObject({
      type: 'reject',
      ref: 'order',
      code: 'UNAUTHORIZED',
    });
    s.send({ type: 'ping' });
    await s.next((m) => m.type === 'pong');
  });
});
