/**
 * One contract, two stores: every case runs against SQLite (always) and PostgreSQL (when
 * HEADROOM_TEST_PG_URL names a database; CI provides one). The PostgreSQL cases use a
 * schema of their own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';

import { generateInstruments } from '../src/instruments/generate-instruments.js';
import { PgStore } from '../src/store/pg-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { TestSystem } from './test-system.js';

const PG_URL = process.env.HEADROOM_TEST_PG_URL;

interface Flavour {
  name: string;
  open(): Promise<{ store: Store; dispose: () => Promise<void> }>;
}

const flavours: Flavour[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'headroom-store-'));
      const store = new SqliteStore(join(dir, 'test.sqlite'));
      return {
        store,
        dispose: async () => {
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

const schemas: string[] = [];
if (PG_URL !== undefined) {
  flavours.push({
    name: 'PostgreSQL',
    async open() {
      const schema = `headroom_test_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      const store = new PgStore(PG_URL, { schema });
      return { store, dispose: () => store.close() };
    },
  });
}

afterAll(async () => {
  if (PG_URL === undefined || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe.each(flavours)('$name store', (flavour) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, dispose } = await flavour.open());
    await store.migrate();
    await store.migrate(); // idempotent
  });
  afterEach(async () => {
    await dispose();
  });

  it('replaces, counts and pages instruments', async () => {
    expect(await store.countInstruments()).toBe(0);
    const list = generateInstruments(1200);
    await store.replaceInstruments(list);
    expect(await store.countInstruments()).toBe(1200);
    expect(await store.listInstruments(0, 3)).toEqual(list.slice(0, 3));
    expect(await store.listInstruments(1199, 10)).toEqual(list.slice(1199));
    await store.replaceInstruments(list.slice(0, 10));
    expect(await store.countInstruments()).toBe(10);
  });

  it('creates and finds users; a taken username is refused', async () => {
    const alice = await store.createUser({ username: 'alice', passwordHash: 'h1' });
    expect(alice).toMatchObject({ username: 'alice', passwordHash: 'h1' });
    expect(alice!.userId).toBeGreaterThan(0);
    expect(await store.createUser({ username: 'alice', passwordHash: 'h2' })).toBeUndefined();
    expect(await store.findUser('alice')).toEqual(alice);
    expect(await store.findUser('nobody')).toBeUndefined();
  });

  it('creates users in bulk, in input order, and all or none', async () => {
    const users = Array.from({ length: 2000 }, (_, i) => ({ username: `bulk-${i}`, passwordHash: '!' }));
    const created = await store.createUsers(users);
    expect(created.map((u) => u.username)).toEqual(users.map((u) => u.username));
    expect(new Set(created.map((u) => u.userId)).size).toBe(2000);
    expect((await store.findUser('bulk-1999'))!.userId).toBe(created[1999].userId);
    await expect(
      store.createUsers([
        { username: 'new-one', passwordHash: '!' },
        { username: 'bulk-5', passwordHash: '!' },
      ]),
    ).rejects.toMatchObject({
      code: 'USERNAME_TAKEN',
    });
    expect(await store.findUser('new-one')).toBeUndefined();
    expect(await store.countUsers()).toBe(2000);
    expect(await store.createUsers([])).toEqual([]);
  });

  it('stores, loads, deletes and expires sessions', async () => {
    const now = Date.now();
    await store.insertSessions([
      { tokenHash: 'a'.repeat(64), userId: 1, expiresAt: now + 60_000 },
      { tokenHash: 'b'.repeat(64), userId: 2, expiresAt: now - 1 },
      { tokenHash: 'c'.repeat(64), userId: 3, expiresAt: now + 60_000 },
    ]);
    const valid = await store.loadSessions(now);
    expect(valid.map((s) => s.tokenHash).sort()).toEqual(['a'.repeat(64), 'c'.repeat(64)]);
    expect(valid.find((s) => s.userId === 1)!.expiresAt).toBe(now + 60_000);
    expect(await store.deleteExpiredSessions(now)).toBe(1);
    await store.deleteSession('a'.repeat(64));
    expect((await store.loadSessions(now)).map((s) => s.userId)).toEqual([3]);
    await store.insertSessions([]);
  });
});

describe.runIf(PG_URL !== undefined)('the service on PostgreSQL', () => {
  it('registers, logs in and trades with users and sessions in PostgreSQL, and keeps sessions across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'headroom-pg-system-'));
    // A schema of its own, selected through the URL's `options`, like any libpq client would.
    const schema = `headroom_test_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const url = new URL(PG_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const databaseUrl = url.toString();
    try {
      let sys = await TestSystem.start({ dataDir, databaseUrl });
      const username = `pg-${randomBytes(4).toString('hex')}`;
      expect(
        (await sys.request('POST', '/v1/users', { body: { username, password: 'password-123' } })).status,
      ).toBe(201);
      const login = await sys.request('POST', '/v1/sessions', {
        body: { username, password: 'password-123' },
      });
      expect(login.status).toBe(201);
      const token = login.body.token as string;
      const placed = await sys.request('POST', '/v1/orders', {
        token,
        body: { clientOrderId: 'pg1', symbol: 'SYM00001', side: 'buy', type: 'market', quantity: 100 },
      });
      expect(placed.status).toBe(201);
      const fixtures = await sys.users(100);
      await sys.close();

      sys = await TestSystem.start({ dataDir, databaseUrl });
      expect((await sys.request('GET', `/v1/orders/${placed.body.orderId}`, { token })).status).toBe(200);
      expect((await sys.request('GET', '/v1/orders/1', { token: fixtures[99].token })).status).not.toBe(401);
      await sys.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
