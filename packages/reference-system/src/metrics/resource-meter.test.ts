import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ResourceMeter, libuvThreadpoolSize, matchingShardResource } from './resource-meter.js';

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('ResourceMeter', () => {
  it('measures this thread’s event loop from its utilisation', () => {
    const meter = new ResourceMeter();
    const loop = meter.eventLoop();
    const startedAt = performance.now();
    spin(50);
    const busy = loop.busySeconds();
    expect(busy).toBeGreaterThanOrEqual(0.045);
    expect(busy).toBeLessThanOrEqual((performance.now() - startedAt) / 1000);
  });

  it('measures a worker thread’s event loop inside that thread', async () => {
    const meter = new ResourceMeter();
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       setImmediate(() => parentPort.postMessage('ready'));
       parentPort.on('message', () => {
         const end = performance.now() + 120;
         while (performance.now() < end);
         parentPort.postMessage('done');
       });`,
      { eval: true },
    );
    // Registered once the worker's loop runs (the ready message is sent from inside it).
    await new Promise((resolve) => worker.once('message', resolve));
    const startedAt = performance.now();
    const shard = meter.workerEventLoop(matchingShardResource(0), worker);
    worker.postMessage('go');
    await new Promise((resolve) => worker.once('message', resolve));
    const wall = (performance.now() - startedAt) / 1000;
    const busy = shard.busySeconds();
    // The main thread was idle meanwhile; the worker was busy for its 120 ms spin.
    expect(busy).toBeGreaterThanOrEqual(0.11);
    expect(busy).toBeLessThanOrEqual(wall);
    await worker.terminate();
    expect(shard.busySeconds()).toBe(busy);
    expect(meter.readings().map((r) => r.resource)).toEqual(['matching_shard_0']);
  });

  it('keeps one resource per name and lists readings', () => {
    const meter = new ResourceMeter();
    const a = meter.resource('db_writer');
    expect(meter.resource('db_writer', 1)).toBe(a);
    meter.time('db_writer', () => spin(5));
    meter.resource('hash_pool', 4);
    const readings = meter.readings();
    expect(readings.map((r) => [r.resource, r.servers])).toEqual([
      ['db_writer', 1],
      ['hash_pool', 4],
    ]);
    expect(readings[0].busySeconds).toBeGreaterThan(0.004);
    meter.remove('hash_pool');
    expect(meter.readings()).toHaveLength(1);
  });

  it('reads the libuv threadpool size the way libuv does', () => {
    expect(libuvThreadpoolSize({})).toBe(4);
    expect(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: '8' })).toBe(8);
    expect(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: ' 16 threads' })).toBe(16);
    expect(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: 'many' })).toBe(1);
    expect(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: '0' })).toBe(1);
    expect(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: '-2' })).toBe(1024);
    expect(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: '5000' })).toBe(1024);
  });
});
