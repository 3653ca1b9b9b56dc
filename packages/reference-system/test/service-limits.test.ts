import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { TestStream, TestSystem } from './test-system.js';

let running: TestSystem[] = [];
afterEach(async () => {
  for (const sys of running) await sys.close().catch(() => undefined);
  running = [];
});

async function start(options: Parameters<typeof TestSystem.start>[0] = {}): Promise<TestSystem> {
  const sys = await TestSystem.start(options);
  running.push(sys);
  return sys;
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

const market = (i: number) => ({
  clientOrderId: `m${i}`,
  symbol: 'SYM00001',
  side: 'buy',
  type: 'market',
  quantity: 100,
});

describe('connection limit', () => {
  it('refuses connections past maxConnections cleanly, counts them, and serves again once below', async () => {
    const sys = await start({ maxConnections: 4 });
    const held = await Promise.all(Array.from({ length: 4 }, () => openSocket(sys.system.port)));
    const refused = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const socket = await openSocket(sys.system.port);
        // The server closes a dropped connection at once, without a byte.
        return new Promise<string>((resolve) => {
          let data = '';
          socket.on('data', (chunk) => (data += chunk.toString()));
          socket.on('close', () => resolve(data));
          socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
        });
      }),
    );
    expect(refused).toEqual(['', '', '']);
    for (const socket of held) socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const health = await sys.request('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.connections.dropped).toBe(3);
  });
});

describe('overload', () => {
  it('answers 429 with Retry-After (REST) and OVERLOADED (WebSocket) when the journal queue is full, and loses no acknowledged order', async () => {
    const sys = await start({ maxPendingOrders: 2 });
    const [user] = await sys.users(1);
    const token = user.token;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => sys.request('POST', '/v1/orders', { token, body: market(i) })),
    );
    const overloaded = results.filter((r) => r.status === 429);
    const accepted = results.filter((r) => r.status === 201);
    expect(overloaded.length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length + overloaded.length).toBe(40);
    for (const r of overloaded) {
      expect(r.body.error.code).toBe('OVERLOADED');
      expect(r.headers.get('retry-after')).toBe('1');
    }
    for (const r of accepted)
      expect((await sys.request('GET', `/v1/orders/${r.body.orderId}`, { token })).status).toBe(200);

    const ws = await TestStream.open(sys.wsUrl, token);
    ws.send(
      Array.from({ length: 20 }, (_, i) => ({
        ...market(100 + i),
        type: 'order',
        id: i,
        orderType: 'market',
      })),
    );
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ws.next((m) => m.id === i)));
    expect(
      answers.some((m) => m.type === 'reject' && m.code === 'OVERLOADED' && m.retryAfterSeconds === 1),
    ).toBe(true);
    expect(answers.some((m) => m.type === 'ack')).toBe(true);
    ws.close();
  });
});

describe('start-up and shutdown', () => {
  it('rebuilds books, order states and sessions from the journal and the store on restart (graceful close)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'headroom-restart-'));
    try {
      const first = await start({ dataDir });
      const [alice, bob] = await first.users(2);
      const resting = await first.request('POST', '/v1/orders', {
        token: alice.token,
        body: {
          clientOrderId: 'r',
          symbol: 'SYM00003',
          side: 'sell',
          type: 'limit',
          price: 100_000,
          quantity: 1000,
        },
      });
      await first.request('POST', '/v1/orders', {
        token: bob.token,
        body: {
          clientOrderId: 'b',
          symbol: 'SYM00003',
          side: 'buy',
          type: 'limit',
          price: 100_000,
          quantity: 300,
        },
      });
      const book = (await first.request('GET', '/v1/book/SYM00003')).body;
      await first.close();

      const second = await start({ dataDir });
      expect(second.system.replay.records).toBe(2);
      expect((await second.request('GET', '/v1/book/SYM00003')).body).toEqual(book);
      // Alice's session came back from the store, her order's state from the journal.
      const state = await second.request('GET', `/v1/orders/${resting.body.orderId}`, { token: alice.token });
      expect(state.body).toMatchObject({ status: 'partially_filled', filled: 300, remaining: 700 });
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('on close, answers every order it accepted, closes streams with 1001, and all it acknowledged is on disk', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'headroom-close-'));
    try {
      const sys = await TestSystem.start({ dataDir });
      const [user] = await sys.users(1);
      const ws = await TestStream.open(sys.wsUrl, user.token);
      const frame = (k: number) =>
        Array.from({ length: 30 }, (_, i) => ({
          ...market(k * 100 + i),
          type: 'order',
          id: k * 100 + i,
          orderType: 'market',
        }));
      ws.send(frame(0));
      await ws.next((m) => m.type === 'ack');
      ws.send(frame(1));
      ws.send(frame(2));
      const http = Array.from({ length: 10 }, (_, i) =>
        sys
          .request('POST', '/v1/orders', { token: user.token, body: market(1000 + i) })
          .catch((e: Error) => e),
      );
      await sys.system.close();
      expect(await ws.closed()).toBe(1001);
      const acks = ws.messages.filter((m) => m.type === 'ack' && m.ref === 'order');
      const rejects = ws.messages.filter((m) => m.type === 'reject');
      expect(acks.length).toBeGreaterThanOrEqual(30);
      for (const r of rejects) expect(r.code).toBe('SHUTTING_DOWN');
      const httpAcks = (await Promise.all(http)).filter(
        (r) => !(r instanceof Error) && r.status === 201,
      ).length;
      await expect(fetch(`${sys.url}/health`)).rejects.toThrow();

      // Everything accepted was acknowledged before the streams closed, and is on disk.
      const again = await TestSystem.start({ dataDir });
      expect(again.system.replay.records).toBe(acks.length + httpAcks);
      await again.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('serves 50,000 instruments', async () => {
    const sys = await start({ instruments: 50_000 });
    const page = await sys.request('GET', '/v1/instruments?offset=49990&limit=100');
    expect(page.body.total).toBe(50_000);
    expect(page.body.instruments).toHaveLength(10);
    expect(page.body.instruments[9].symbol).toBe('SYM50000');
    expect((await sys.request('GET', '/v1/book/SYM50000')).status).toBe(200);
  });

  it('refuses a second service on the same data directory', async () => {
    const sys = await start();
    await expect(TestSystem.start({ dataDir: sys.dataDir })).rejects.toMatchObject({
      code: 'DATA_DIR_IN_USE',
    });
  });
});
