import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN_TOKEN, TestStream, TestSystem } from './test-system.js';

let sys: TestSystem;

beforeAll(async () => {
  sys = await TestSystem.start();
});

afterAll(async () => {
  await sys?.close();
});

const order = (clientOrderId: string) => ({
  clientOrderId,
  symbol: 'SYM00001',
  side: 'buy',
  type: 'market',
  quantity: 100,
});

describe('registration, login and logout', () => {
  it('registers, refuses a taken name, logs in, and logs out', async () => {
    const created = await sys.request('POST', '/v1/users', {
      body: { username: 'carol', password: 'secret-password' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ userId: expect.any(Number), username: 'carol' });

    const taken = await sys.request('POST', '/v1/users', {
      body: { username: 'carol', password: 'another-password' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('USERNAME_TAKEN');

    const wrong = await sys.request('POST', '/v1/sessions', {
      body: { username: 'carol', password: 'not-her-password' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const nobody = await sys.request('POST', '/v1/sessions', {
      body: { username: 'nobody', password: 'whatever1' },
    });
    expect(nobody.status).toBe(401);
    expect(nobody.body.error.code).toBe('INVALID_CREDENTIALS');

    const login = await sys.request('POST', '/v1/sessions', {
      body: { username: 'carol', password: 'secret-password' },
    });
    expect(login.status).toBe(201);
    expect(login.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(login.body.expiresAt).toBeGreaterThan(Date.now());
    const token = login.body.token as string;

    const placed = await sys.request('POST', '/v1/orders', { token, body: order('after-login') });
    expect(placed.status).toBe(201);

    expect((await sys.request('DELETE', '/v1/sessions/current', { token })).status).toBe(204);
    const after = await sys.request('POST', '/v1/orders', { token, body: order('after-logout') });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('INVALID_TOKEN');
  });
});

describe('refusals', () => {
  it('refuses a request without a token, with a bad token, and with a malformed header', async () => {
    const none = await sys.request('POST', '/v1/orders', { body: order('x') });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHORIZED');
    const bad = await sys.request('GET', '/v1/orders/1', { token: 'not-a-session' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('INVALID_TOKEN');
    const malformed = await sys.request('GET', '/v1/orders/1', { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
    expect(malformed.body.error.code).toBe('INVALID_TOKEN');
  });

  it('refuses an expired session over REST and WebSocket', async () => {
    const res = await sys.request('POST', '/v1/admin/fixtures', {
      headers: { 'x-admin-token': ADMIN_TOKEN },
      body: { users: 1, sessionTtlSeconds: 1 },
    });
    const token = res.body.sessions[0].token as string;
    expect((await sys.request('POST', '/v1/orders', { token, body: order('fresh') })).status).toBe(201);
    await new Promise((r) => setTimeout(r, Math.max(0, res.body.expiresAt - Date.now()) + 50));
    const expired = await sys.request('POST', '/v1/orders', { token, body: order('stale') });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('SESSION_EXPIRED');
    await expect(TestStream.open(sys.wsUrl, token)).rejects.toThrow(/401/);
    const s = await TestStream.open(sys.wsUrl);
    s.send({ type: 'auth', id: 1, token });
    expect(await s.next((m) => m.id === 1)).toMatchObject({
      type: 'reject',
      ref: 'auth',
      code: 'SESSION_EXPIRED',
    });
    s.close();
  });

  it("refuses to show or cancel another user's order (403) and reports unknown orders (404)", async () => {
    const [owner, other] = await sys.users(2);
    const placed = await sys.request('POST', '/v1/orders', {
      token: owner.token,
      body: {
        clientOrderId: 'mine',
        symbol: 'SYM00002',
        side: 'buy',
        type: 'limit',
        price: 10_000,
        quantity: 100,
      },
    });
    expect(placed.status).toBe(201);
    const id = placed.body.orderId as number;
    const peek = await sys.request('GET', `/v1/orders/${id}`, { token: other.token });
    expect(peek.status).toBe(403);
    expect(peek.body.error.code).toBe('NOT_OWNER');
    const steal = await sys.request('DELETE', `/v1/orders/${id}`, { token: other.token });
    expect(steal.status).toBe(403);
    expect(steal.body.error.code).toBe('NOT_OWNER');
    expect((await sys.request('GET', `/v1/orders/${id}`, { token: owner.token })).body.status).toBe(
      'resting',
    );
    const unknown = await sys.request('GET', '/v1/orders/999999999', { token: owner.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ORDER_NOT_FOUND');
  });

  it('refuses the admin route without the admin token or with a wrong one', async () => {
    const body = { users: 1 };
    const missing = await sys.request('POST', '/v1/admin/fixtures', { body });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('ADMIN_TOKEN_REQUIRED');
    const wrong = await sys.request('POST', '/v1/admin/fixtures', {
      body,
      headers: { 'x-admin-token': 'guess-guess' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('ADMIN_FORBIDDEN');
    const [user] = await sys.users(1);
    const session = await sys.request('POST', '/v1/admin/fixtures', { body, token: user.token });
    expect(session.status).toBe(403); // a user's session is not the admin token
    const bearer = await sys.request('POST', '/v1/admin/fixtures', { body, token: ADMIN_TOKEN });
    expect(bearer.status).toBe(201);
  });

  it('refuses a WebSocket upgrade with a bad token or on a wrong path', async () => {
    await expect(TestStream.open(sys.wsUrl, 'nope')).rejects.toThrow(/401/);
    await expect(TestStream.open(sys.wsUrl.replace('/v1/stream', '/v1/elsewhere'))).rejects.toThrow(/404/);
    await expect(TestStream.open(`${sys.wsUrl}?token=wrong`)).rejects.toThrow(/401/);
  });
});

describe('fixtures', () => {
  it('creates users that can log in with a shared password, and sessions in bulk', async () => {
    const res = await sys.request('POST', '/v1/admin/fixtures', {
      headers: { 'x-admin-token': ADMIN_TOKEN },
      body: { users: 3, sessionsPerUser: 2, usernamePrefix: 'load-', password: 'fixture-password' },
    });
    expect(res.status).toBe(201);
    expect((res.body.users as { username: string }[]).map((u) => u.username)).toEqual([
      'load-000001',
      'load-000002',
      'load-000003',
    ]);
    expect(res.body.sessions).toHaveLength(6);
    for (const s of res.body.sessions) {
      expect((await sys.request('GET', '/v1/orders/1', { token: s.token })).status).not.toBe(401);
    }
    const login = await sys.request('POST', '/v1/sessions', {
      body: { username: 'load-000002', password: 'fixture-password' },
    });
    expect(login.status).toBe(201);
    const again = await sys.request('POST', '/v1/admin/fixtures', {
      headers: { 'x-admin-token': ADMIN_TOKEN },
      body: { users: 1, usernamePrefix: 'load-' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('USERNAME_TAKEN');
  });

  it('without a password, fixture users cannot log in', async () => {
    const [user] = await sys.users(1, 'nopw-');
    const login = await sys.request('POST', '/v1/sessions', {
      body: { username: user.username, password: 'anything-at-all' },
    });
    expect(login.status).toBe(401);
  });

  it('holds 100,000 sessions from one request, each usable at once', async () => {
    const res = await sys.request('POST', '/v1/admin/fixtures', {
      headers: { 'x-admin-token': ADMIN_TOKEN },
      body: { users: 10_000, sessionsPerUser: 10, usernamePrefix: 'bulk-' },
    });
    expect(res.status).toBe(201);
    expect(res.body.users).toHaveLength(10_000);
    expect(res.body.sessions).toHaveLength(100_000);
    expect(new Set((res.body.sessions as { token: string }[]).map((s) => s.token)).size).toBe(100_000);
    const health = await sys.request('GET', '/health');
    expect(health.body.sessions).toBeGreaterThanOrEqual(100_000);
    const last = res.body.sessions[99_999].token as string;
    expect((await sys.request('GET', '/v1/orders/1', { token: last })).status).not.toBe(401);
  });
});
