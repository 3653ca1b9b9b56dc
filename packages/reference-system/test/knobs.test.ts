/**
 * The topology knobs: each is validated with the other options, and each changes what the
 * resource metrics measure (here the session store: per-request database reads or none).
 */
import { afterEach, describe, expect, it } from 'vitest';

import { resolveSystemConfig } from '../src/config/resolve-system-config.js';
import { SystemConfigError } from '../src/errors.js';
import { TestSystem } from './test-system.js';

const teardown: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

async function dbBusySeconds(sys: TestSystem): Promise<number> {
  const text = (await sys.request('GET', '/metrics')).body as string;
  const line = text
    .split('\n')
    .find((l) => l.startsWith('headroom_resource_busy_seconds_total{resource="db_writer"}'));
  return Number(line!.split(' ')[1]);
}

describe('sessionStore', () => {
  it.each(['memory', 'database'] as const)(
    '%s: authenticates every request; only "database" reads the database to do it',
    async (sessionStore) => {
      const sys = await TestSystem.start({ instruments: 2, sessionStore });
      teardown.push(() => sys.close());
      const [user] = await sys.users(1);
      const before = await dbBusySeconds(sys);
      for (let i = 0; i < 200; i++) {
        // Authenticated, and touches nothing else: order 999 does not exist.
        const res = await sys.request('GET', '/v1/orders/999', { token: user.token });
        expect(res.body.error.code).toBe('ORDER_NOT_FOUND');
      }
      const spent = (await dbBusySeconds(sys)) - before;
      if (sessionStore === 'memory') expect(spent).toBe(0);
      else expect(spent).toBeGreaterThan(0);
      expect((await sys.request('GET', '/v1/orders/999', { token: 'x'.repeat(43) })).status).toBe(401);
      expect((await sys.request('DELETE', '/v1/sessions/current', { token: user.token })).status).toBe(204);
      expect((await sys.request('GET', '/v1/orders/999', { token: user.token })).status).toBe(401);
    },
  );
});

describe('resolveSystemConfig topology options', () => {
  it('fills the defaults', () => {
    const config = resolveSystemConfig();
    expect(config.shards).toBe(1);
    expect(config.sessionStore).toBe('memory');
    expect(config.databasePoolSize).toBe(4);
    expect(config.marketData.batchIntervalMs).toBe(0);
    expect(config.hashPoolSize).toBeGreaterThanOrEqual(1);
  });

  it('reports problems of every knob together', () => {
    let caught: unknown;
    try {
      resolveSystemConfig({
        shards: 0,
        sessionStore: 'redis' as 'memory',
        databasePoolSize: 0,
        marketData: { batchIntervalMs: -5 },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SystemConfigError);
    const message = (caught as Error).message;
    expect(message).toContain('shards: must be an integer from 1 to 64, got 0');
    expect(message).toContain('sessionStore: must be one of memory, database, got "redis"');
    expect(message).toContain('databasePoolSize: must be an integer from 1 to 1000, got 0');
    expect(message).toContain('marketData.batchIntervalMs: must be a finite number ≥ 0, got -5');
    expect(() => resolveSystemConfig({ sessionStore: 'database', databaseUrl: 'postgres://db/x' })).toThrow(
      /sessionStore: 'database' needs the SQLite store/,
    );
  });
});
