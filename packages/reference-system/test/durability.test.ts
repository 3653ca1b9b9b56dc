/**
 * Durability across kill -9: the service runs as a child process (`headroom serve`, built
 * output), acknowledges orders under fsync 'always', is killed without warning, and is
 * started again on the same data directory. Every acknowledged order must be there, and
 * with nothing in flight at the kill, the books must be exactly as they were.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN_TOKEN, TestStream, httpRequest } from './test-system.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = join(ROOT, 'packages', 'cli', 'bin', 'run.js');
const BUILT = join(ROOT, 'packages', 'cli', 'dist', 'src', 'commands', 'serve.js');
const SYMBOLS = ['SYM00001', 'SYM00002', 'SYM00003', 'SYM00004', 'SYM00005'];

interface Child {
  process: ChildProcess;
  url: string;
}

async function startChild(dataDir: string): Promise<Child> {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--json',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--instruments',
      '50',
      '--hash-cost',
      '1024',
      '--admin-token',
      ADMIN_TOKEN,
      '--fsync',
      'always',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start within 20 s: ${stderr}`)), 20_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      const event = JSON.parse(line) as { event: string; url: string; pid: number };
      expect(event.event).toBe('listening');
      expect(event.pid).toBe(child.pid);
      resolve(event.url);
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${stderr}`)));
  });
  return { process: child, url };
}

async function kill9(child: Child): Promise<void> {
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  child.process.kill('SIGKILL');
  await exited;
}

interface Instrument {
  symbol: string;
  tickSize: number;
  lotSize: number;
  referencePrice: number;
}

/** A deterministic mix of resting and crossing limit orders around each reference price. */
function orderBody(i: number, instruments: Map<string, Instrument>) {
  const inst = instruments.get(SYMBOLS[i % SYMBOLS.length])!;
  const side = i % 2 === 0 ? 'buy' : 'sell';
  const offset = ((i * 7) % 9) - 4; // ticks from the reference price: books cross often
  return {
    clientOrderId: `d${i}`,
    symbol: inst.symbol,
    side,
    type: 'limit',
    price: inst.referencePrice + offset * inst.tickSize,
    quantity: (1 + (i % 5)) * inst.lotSize,
  };
}

async function books(url: string): Promise<unknown[]> {
  return Promise.all(
    SYMBOLS.map(async (s) => (await httpRequest(url, 'GET', `/v1/book/${s}?depth=1000`)).body as unknown),
  );
}

let dataDir: string;
let child: Child | undefined;

beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error('build the CLI first: npx tsc -b packages/cli');
  dataDir = await mkdtemp(join(tmpdir(), 'headroom-durability-'));
});

afterAll(async () => {
  if (child !== undefined && child.process.exitCode === null && child.process.signalCode === null)
    await kill9(child);
  await rm(dataDir, { recursive: true, force: true });
});

describe('kill -9 and restart on the same data directory', () => {
  it('keeps every acknowledged order and rebuilds the books exactly', async () => {
    child = await startChild(dataDir);
    const fixtures = await httpRequest(child.url, 'POST', '/v1/admin/fixtures', {
      headers: { 'x-admin-token': ADMIN_TOKEN },
      body: { users: 3 },
    });
    const tokens = (fixtures.body.sessions as { token: string }[]).map((s) => s.token);
    const listed = (await httpRequest(child.url, 'GET', '/v1/instruments?limit=5')).body
      .instruments as Instrument[];
    const instruments = new Map(listed.map((i) => [i.symbol, i]));

    // 300 orders over REST, 100 at a time concurrently (so group commit batches them).
    const acked: { orderId: number; token: string }[] = [];
    for (let batch = 0; batch < 3; batch++) {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, k) => {
          const i = batch * 100 + k;
          const token = tokens[i % tokens.length];
          return httpRequest(child!.url, 'POST', '/v1/orders', {
            token,
            body: orderBody(i, instruments),
          }).then((r) => ({ r, token }));
        }),
      );
      for (const { r, token } of results) {
        expect(r.status).toBe(201);
        acked.push({ orderId: r.body.orderId, token });
      }
    }
    // Some cancels of resting orders, and orders over WebSocket.
    let cancels = 0;
    for (const { orderId, token } of acked.slice(0, 60)) {
      const state = await httpRequest(child.url, 'GET', `/v1/orders/${orderId}`, { token });
      if (state.body.status === 'resting' || state.body.status === 'partially_filled') {
        expect((await httpRequest(child.url, 'DELETE', `/v1/orders/${orderId}`, { token })).status).toBe(200);
        cancels++;
      }
    }
    expect(cancels).toBeGreaterThan(0);
    const ws = await TestStream.open(`${child.url.replace('http', 'ws')}/v1/stream`, tokens[0]);
    for (let i = 300; i < 320; i++) {
      const { type: orderType, ...rest } = orderBody(i, instruments);
      ws.send({ type: 'order', id: i, orderType, ...rest });
    }
    for (let i = 300; i < 320; i++) {
      const ack = await ws.next((m) => m.id === i);
      expect(ack.type).toBe('ack');
      acked.push({ orderId: ack.orderId, token: tokens[0] });
    }
    ws.close();

    const before = await books(child.url);
    const states = await Promise.all(
      acked.map(
        async ({ orderId, token }) =>
          (await httpRequest(child!.url, 'GET', `/v1/orders/${orderId}`, { token })).body as unknown,
      ),
    );
    expect(
      (before as { bids: unknown[]; asks: unknown[] }[]).some((b) => b.bids.length > 0 && b.asks.length > 0),
    ).toBe(true);

    await kill9(child);
    child = await startChild(dataDir);

    expect(await books(child.url)).toEqual(before);
    const after = await Promise.all(
      acked.map(
        async ({ orderId, token }) =>
          (await httpRequest(child!.url, 'GET', `/v1/orders/${orderId}`, { token })).body as unknown,
      ),
    );
    expect(after).toEqual(states);
    // Sessions survive too, and new orders continue the id sequence.
    const next = await httpRequest(child.url, 'POST', '/v1/orders', {
      token: tokens[1],
      body: orderBody(999, instruments),
    });
    expect(next.status).toBe(201);
    expect(next.body.orderId).toBeGreaterThan(Math.max(...acked.map((a) => a.orderId)));

    // Now kill it while orders are in flight: whatever was acknowledged must survive.
    const inFlight: { orderId: number; token: string }[] = [];
    const sends = Array.from({ length: 400 }, (_, i) => {
      const token = tokens[i % 3];
      const body = { ...orderBody(1000 + i, instruments), clientOrderId: `f${i}` };
      return httpRequest(child!.url, 'POST', '/v1/orders', { token, body })
        .then((r) => {
          if (r.status === 201) inFlight.push({ orderId: r.body.orderId as number, token });
        })
        .catch(() => undefined); // cut off by the kill: never acknowledged
    });
    while (inFlight.length < 50) await new Promise((r) => setTimeout(r, 1));
    await kill9(child);
    await Promise.all(sends);

    child = await startChild(dataDir);
    const found = await Promise.all(
      inFlight.map(
        async ({ orderId, token }) =>
          (await httpRequest(child!.url, 'GET', `/v1/orders/${orderId}`, { token })).status,
      ),
    );
    expect(
      found.every((status) => status === 200),
      `acknowledged orders lost: ${JSON.stringify(found)}`,
    ).toBe(true);
    const health = await httpRequest(child.url, 'GET', '/health');
    expect(health.body.lastOrderId).toBeGreaterThanOrEqual(Math.max(...inFlight.map((o) => o.orderId)));
    await kill9(child);
  });
});
