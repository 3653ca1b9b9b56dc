import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BusyResource } from './busy-resource.js';
import { meterStore } from './metered-store.js';

/** A store-shaped object: one method that works synchronously, one that waits, one that fails. */
class Box {
  readonly kind = 'box';
  calls = 0;
  async spin(ms: number): Promise<number> {
    const end = performance.now() + ms;
    while (performance.now() < end);
    return ++this.calls;
  }
  async wait(ms: number): Promise<number> {
    await sleep(ms);
    return ++this.calls;
  }
  async fail(): Promise<never> {
    throw new Error('constraint failed');
  }
}

describe('meterStore', () => {
  it('measures the synchronous part of each call in sync mode, and passes values and errors through', async () => {
    const busy = new BusyResource('db_writer', 1);
    const store = meterStore(new Box(), busy, 'sync');
    expect(store.kind).toBe('box');
    expect(await store.spin(15)).toBe(1);
    await store.wait(30); // waiting is not busy in sync mode
    await expect(store.fail()).rejects.toThrow('constraint failed');
    expect(busy.busySeconds()).toBeGreaterThanOrEqual(0.014);
    expect(busy.busySeconds()).toBeLessThan(0.03);
  });

  it('counts calls in flight on the pool’s servers in async mode', async () => {
    const busy = new BusyResource('db_writer', 2);
    const store = meterStore(new Box(), busy, 'async');
    const startedAt = performance.now();
    await Promise.all([store.wait(40), store.wait(40), store.wait(40)]);
    const wall = (performance.now() - startedAt) / 1000;
    expect(busy.busySeconds()).toBeGreaterThanOrEqual(2 * 0.035);
    expect(busy.busySeconds()).toBeLessThanOrEqual(2 * wall);
    await expect(store.fail()).rejects.toThrow('constraint failed');
    const settled = busy.busySeconds();
    await sleep(20);
    expect(busy.busySeconds()).toBe(settled);
  });
});
