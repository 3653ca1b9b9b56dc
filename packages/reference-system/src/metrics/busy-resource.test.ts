import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BusyResource } from './busy-resource.js';

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('BusyResource', () => {
  it('adds the time spent inside synchronous work, also when it throws', () => {
    const resource = new BusyResource('db_writer', 1);
    const startedAt = performance.now();
    resource.time(() => spin(20));
    expect(() =>
      resource.time(() => {
        spin(10);
        throw new SyntaxError('bad input');
      }),
    ).toThrow(SyntaxError);
    const mark = resource.start();
    spin(5);
    resource.stop(mark);
    const wall = (performance.now() - startedAt) / 1000;
    expect(resource.busySeconds()).toBeGreaterThanOrEqual(0.035);
    expect(resource.busySeconds()).toBeLessThanOrEqual(wall);
  });

  it('counts overlapping asynchronous work as busy servers, never more than servers × wall time', async () => {
    const resource = new BusyResource('hash_pool', 2);
    const startedAt = performance.now();
    // Four tasks of 60 ms on two servers: busy 2 × (time all four are in flight).
    await Promise.all(
      [0, 1, 2, 3].map(async () => {
        resource.begin();
        await sleep(60);
        resource.end();
      }),
    );
    const wall = (performance.now() - startedAt) / 1000;
    expect(resource.busySeconds()).toBeGreaterThanOrEqual(2 * 0.055);
    expect(resource.busySeconds()).toBeLessThanOrEqual(2 * wall);
    // Idle time after the work is not busy.
    const before = resource.busySeconds();
    await sleep(30);
    expect(resource.busySeconds()).toBe(before);
  });

  it('includes the running part of work still in flight', async () => {
    const resource = new BusyResource('journal_writer', 1);
    resource.begin();
    await sleep(40);
    expect(resource.busySeconds()).toBeGreaterThanOrEqual(0.035);
    resource.end();
    resource.end(); // an unmatched end does not drive the count below zero
    const settled = resource.busySeconds();
    await sleep(20);
    expect(resource.busySeconds()).toBe(settled);
  });

  it('reports a sampled resource from its registration on', () => {
    let total = 500; // ms, before registration
    const resource = new BusyResource('gateway_event_loop', 1, () => total);
    expect(resource.busySeconds()).toBe(0);
    total += 250;
    expect(resource.busySeconds()).toBe(0.25);
  });
});
