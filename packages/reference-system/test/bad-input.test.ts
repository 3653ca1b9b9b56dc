import { connect } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TestStream, TestSystem } from './test-system.js';

let sys: TestSystem;
let token: string;
/** An instrument with tick > 1 and one with lot > 1, so off-tick and off-lot orders exist. */
let ticked: { symbol: string; tickSize: number; lotSize: number; referencePrice: number };
let lotted: { symbol: string; tickSize: number; lotSize: number; referencePrice: number };

beforeAll(async () => {
  sys = await TestSystem.start({ bodyLimitBytes: 4096, frameLimitBytes: 4096, maxMessagesPerFrame: 10 });
  token = (await sys.users(1))[0].token;
  const list = (await sys.request('GET', '/v1/instruments?limit=20')).body.instruments as (typeof ticked)[];
  ticked = list.find((i) => i.tickSize > 1)!;
  lotted = list.find((i) => i.lotSize > 1)!;
});

afterAll(async () => {
  await sys?.close();
});

const valid = () => ({
  clientOrderId: 'ok',
  symbol: ticked.symbol,
  side: 'buy',
  type: 'limit',
  price: ticked.referencePrice,
  quantity: ticked.lotSize,
});

/** After every refusal the service must still take a good order from someone. */
async function stillServing(): Promise<void> {
  expect((await sys.request('GET', '/health')).status).toBe(200);
  const res = await sys.request('POST', '/v1/orders', {
    token,
    body: { ...valid(), clientOrderId: `h${Math.random()}`, type: 'market' },
  });
  expect(res.status).toBe(201);
}

describe('bad REST input gets a 4xx with a code that says what is wrong', () => {
  const cases: {
    name: string;
    body?: () => unknown;
    raw?: string;
    status: number;
    code: string;
    message?: RegExp;
  }[] = [
    { name: 'malformed JSON', raw: '{"clientOrderId": "a", ', status: 400, code: 'INVALID_JSON' },
    { name: 'a JSON array', raw: '[1,2]', status: 400, code: 'INVALID_BODY' },
    { name: 'no body at all', raw: '', status: 400, code: 'INVALID_BODY' },
    {
      name: 'quantity as a string',
      body: () => ({ ...valid(), quantity: '10' }),
      status: 400,
      code: 'INVALID_BODY',
      message: /quantity must be integer/,
    },
    {
      name: 'fractional price',
      body: () => ({ ...valid(), price: 10.5 }),
      status: 400,
      code: 'INVALID_BODY',
      message: /price/,
    },
    {
      name: 'a missing field',
      body: () => ({ ...valid(), side: undefined }),
      status: 400,
      code: 'INVALID_BODY',
      message: /required field 'side'/,
    },
    {
      name: 'an unknown field',
      body: () => ({ ...valid(), colour: 'red' }),
      status: 400,
      code: 'INVALID_BODY',
      message: /unknown field 'colour'/,
    },
    {
      name: 'a bad enum',
      body: () => ({ ...valid(), side: 'hold' }),
      status: 400,
      code: 'INVALID_BODY',
      message: /side must be one of buy, sell/,
    },
    {
      name: 'zero quantity',
      body: () => ({ ...valid(), quantity: 0 }),
      status: 400,
      code: 'INVALID_BODY',
      message: /quantity must be >= 1/,
    },
    {
      name: 'negative quantity',
      body: () => ({ ...valid(), quantity: -5 }),
      status: 400,
      code: 'INVALID_BODY',
      message: /quantity/,
    },
    {
      name: 'a limit order without price',
      body: () => ({ ...valid(), price: undefined }),
      status: 400,
      code: 'INVALID_BODY',
      message: /price/,
    },
    {
      name: 'an unsafe integer',
      body: () => ({ ...valid(), quantity: 2 ** 60 }),
      status: 400,
      code: 'INVALID_BODY',
    },
    {
      name: 'an unknown symbol',
      body: () => ({ ...valid(), symbol: 'NOPE' }),
      status: 422,
      code: 'UNKNOWN_INSTRUMENT',
      message: /NOPE/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const res = await sys.request(
        'POST',
        '/v1/orders',
        c.raw === undefined ? { token, body: c.body?.() } : { token, rawBody: c.raw },
      );
      expect(res.status).toBe(c.status);
      expect(res.body.error.code).toBe(c.code);
      if (c.message !== undefined) expect(res.body.error.message).toMatch(c.message);
    });
  }

  it('a price off the tick and a quantity off the lot', async () => {
    const offTick = await sys.request('POST', '/v1/orders', {
      token,
      body: { ...valid(), price: ticked.referencePrice + 1 },
    });
    expect(offTick.status).toBe(422);
    expect(offTick.body.error).toMatchObject({ code: 'PRICE_NOT_ON_TICK' });
    expect(offTick.body.error.message).toContain(`tick size ${ticked.tickSize}`);
    const offLot = await sys.request('POST', '/v1/orders', {
      token,
      body: { ...valid(), symbol: lotted.symbol, price: lotted.referencePrice, quantity: lotted.lotSize + 1 },
    });
    expect(offLot.status).toBe(422);
    expect(offLot.body.error.code).toBe('QUANTITY_NOT_LOT_MULTIPLE');
    await stillServing();
  });

  it('an oversized body (413), a wrong content type (415), bad path and query values (400), an unknown route (404)', async () => {
    const big = await sys.request('POST', '/v1/orders', {
      token,
      body: { ...valid(), clientOrderId: 'x'.repeat(10_000) },
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('BODY_TOO_LARGE');
    const text = await sys.request('POST', '/v1/orders', {
      token,
      rawBody: 'side=buy',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const badId = await sys.request('GET', '/v1/orders/abc', { token });
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('INVALID_PARAMS');
    const badDepth = await sys.request('GET', `/v1/book/${ticked.symbol}?depth=0`);
    expect(badDepth.status).toBe(400);
    expect(badDepth.body.error.code).toBe('INVALID_QUERY');
    const unknownBook = await sys.request('GET', '/v1/book/NOPE');
    expect(unknownBook.status).toBe(404);
    expect(unknownBook.body.error.code).toBe('UNKNOWN_INSTRUMENT');
    const route = await sys.request('GET', '/v1/nothing-here');
    expect(route.status).toBe(404);
    expect(route.body.error.code).toBe('NOT_FOUND');
    const badRegistration = await sys.request('POST', '/v1/users', {
      body: { username: 'a b', password: 'short' },
    });
    expect(badRegistration.status).toBe(400);
    expect(badRegistration.body.error.code).toBe('INVALID_BODY');
    await stillServing();
  });

  it('garbage on the HTTP socket closes that connection only', async () => {
    const socket = connect(sys.system.port, '127.0.0.1');
    const reply = await new Promise<string>((resolve) => {
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
      socket.write('\x00\x01\x02 NOT HTTP AT ALL\r\n\r\n');
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    await stillServing();
  });
});

describe('bad WebSocket input gets an error or reject with a code; the connection stays open', () => {
  it('answers binary, non-JSON, untyped, unknown and invalid messages', async () => {
    const s = await TestStream.open(sys.wsUrl, token);
    s.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'BINARY_NOT_SUPPORTED' });
    s.send('{not json');
    expect(await s.next((m) => m.code === 'INVALID_JSON')).toMatchObject({ type: 'error' });
    s.send({ hello: 1 });
    expect(await s.next((m) => m.code === 'INVALID_MESSAGE' && m.type === 'error')).toBeDefined();
    s.send({ type: 'launch', id: 'L' });
    expect(await s.next((m) => m.id === 'L')).toMatchObject({ type: 'error', code: 'UNKNOWN_MESSAGE_TYPE' });
    s.send({
      type: 'order',
      id: 'q',
      clientOrderId: 'w',
      symbol: ticked.symbol,
      side: 'buy',
      orderType: 'limit',
      price: ticked.referencePrice,
      quantity: 0,
    });
    const reject = await s.next((m) => m.id === 'q');
    expect(reject).toMatchObject({ type: 'reject', ref: 'order', code: 'INVALID_MESSAGE' });
    expect(reject.message).toMatch(/quantity must be >= 1/);
    s.send({
      type: 'order',
      id: 'u',
      clientOrderId: 'w',
      symbol: ticked.symbol,
      side: 'buy',
      orderType: 'limit',
      price: ticked.referencePrice,
      quantity: ticked.lotSize,
      extra: true,
    });
    expect((await s.next((m) => m.id === 'u')).message).toMatch(/unknown field 'extra'/);
    s.send({
      type: 'order',
      id: 't',
      clientOrderId: 'w',
      symbol: ticked.symbol,
      side: 'buy',
      orderType: 'limit',
      price: ticked.referencePrice + 1,
      quantity: ticked.lotSize,
    });
    expect(await s.next((m) => m.id === 't')).toMatchObject({
      type: 'reject',
      code: 'PRICE_NOT_ON_TICK',
      clientOrderId: 'w',
    });
    s.send({
      type: 'order',
      id: 'z',
      clientOrderId: 'w',
      symbol: 'NOPE',
      side: 'buy',
      orderType: 'market',
      quantity: 1,
    });
    expect(await s.next((m) => m.id === 'z')).toMatchObject({ type: 'reject', code: 'UNKNOWN_INSTRUMENT' });
    s.send({ type: 'cancel', id: 'c', orderId: 'seven' });
    expect(await s.next((m) => m.id === 'c')).toMatchObject({
      type: 'reject',
      ref: 'cancel',
      code: 'INVALID_MESSAGE',
    });
    s.send({ type: 'cancel', id: 'c2', orderId: 987_654_321 });
    expect(await s.next((m) => m.id === 'c2')).toMatchObject({ type: 'reject', code: 'ORDER_NOT_FOUND' });
    s.send([]);
    expect(await s.next((m) => m.code === 'TOO_MANY_MESSAGES')).toBeDefined();
    const before = s.messages.length;
    s.send(Array.from({ length: 11 }, () => ({ type: 'ping' })));
    expect(await s.next((m) => m.code === 'TOO_MANY_MESSAGES', 5000, before)).toBeDefined();
    for (const m of s.messages) expect(typeof m.ts).toBe('number');
    // Still open and serving.
    s.send({ type: 'ping', id: 'alive' });
    await s.next((m) => m.id === 'alive');
    s.close();
    await stillServing();
  });

  it('closes a connection that sends an oversized frame with 1009, and only that one', async () => {
    const bystander = await TestStream.open(sys.wsUrl, token);
    const s = await TestStream.open(sys.wsUrl, token);
    s.send(JSON.stringify({ type: 'ping', id: 'x'.repeat(8000) }));
    expect(await s.closed()).toBe(1009);
    bystander.send({ type: 'ping', id: 'still' });
    await bystander.next((m) => m.id === 'still');
    bystander.close();
    await stillServing();
  });

  it('closes a connection that sends invalid UTF-8 in a text frame (1007)', async () => {
    const s = await TestStream.open(sys.wsUrl, token);
    s.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await s.closed()).toBe(1007);
    await stillServing();
  });
});
