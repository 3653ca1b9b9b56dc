/**
 * Target metrics against a real prom-client registry served over HTTP: the resource
 * contract's counters and gauges as a target exports them, scraped at the start and end
 * of a step; and targets that have no metrics, or no target at all.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { scrapeMetrics } from '../src/target-metrics/scrape-metrics.js';
import { TargetMetricsSampler } from '../src/target-metrics/target-metrics-sampler.js';

const servers: Server[] = [];

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Serves the registry's current exposition (prom-client renders asynchronously). */
function serveRegistry(registry: Registry): Promise<string> {
  return serve((_req, res) => {
    void registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(text);
    });
  });
}

function serveText(status: number, body: string, type = 'text/plain'): Promise<string> {
  return serve((_req, res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
}

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

function contractRegistry(): {
  registry: Registry;
  busy: Counter<'resource'>;
  work: Counter<'work'>;
  servers: Gauge<'resource'>;
  connections: Gauge;
} {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const busy = new Counter({
    name: 'headroom_resource_busy_seconds_total',
    help: 'Time the resource was busy.',
    labelNames: ['resource'],
    registers: [registry],
  });
  const servers = new Gauge({
    name: 'headroom_resource_servers',
    help: 'How many can work at once.',
    labelNames: ['resource'],
    registers: [registry],
  });
  const work = new Counter({
    name: 'headroom_work_completed_total',
    help: 'Work completed.',
    labelNames: ['work'],
    registers: [registry],
  });
  const connections = new Gauge({
    name: 'headroom_ws_connections',
    help: 'Open connections.',
    registers: [registry],
  });
  servers.set({ resource: 'gateway_loop' }, 1);
  servers.set({ resource: 'hash_pool' }, 4);
  return { registry, busy, work, servers, connections };
}

describe('TargetMetricsSampler', () => {
  it('gives per-step deltas of the resource contract from a prom-client registry', async () => {
    const { registry, busy, work, connections } = contractRegistry();
    busy.inc({ resource: 'gateway_loop' }, 3);
    work.inc({ work: 'orders' }, 1000);
    const base = await serveRegistry(registry);

    const sampler = new TargetMetricsSampler(`${base}/metrics`);
    await sampler.begin();
    busy.inc({ resource: 'gateway_loop' }, 0.75);
    busy.inc({ resource: 'hash_pool' }, 2.5);
    work.inc({ work: 'orders' }, 500);
    work.inc({ work: 'registrations' }, 7);
    connections.set(42);
    // burn some CPU so process_cpu_seconds_total moves
    const end = performance.now() + 50;
    while (performance.now() < end);
    const { deltas, reason } = await sampler.end();

    expect(reason).toBeNull();
    expect(deltas).not.toBeNull();
    expect(deltas!.resources).toEqual([
      { resource: 'gateway_loop', busySeconds: 0.75, servers: 1 },
      { resource: 'hash_pool', busySeconds: 2.5, servers: 4 },
    ]);
    expect(deltas!.work).toEqual({ orders: 500, registrations: 7 });
    expect(deltas!.processCpuSeconds).toBeGreaterThan(0.02);
    expect(deltas!.gauges.headroom_ws_connections).toBe(42);
    expect(deltas!.gauges.process_resident_memory_bytes).toBeGreaterThan(1_000_000);
    expect(deltas!.wallSeconds).toBeGreaterThan(0.04);
  });

  it('around() runs the work between the two snapshots', async () => {
    const { registry, work } = contractRegistry();
    const base = await serveRegistry(registry);
    const outcome = await new TargetMetricsSampler(`${base}/metrics`).around(async () => {
      work.inc({ work: 'trades' }, 12);
      return 'done';
    });
    expect(outcome.value).toBe('done');
    expect(outcome.deltas!.work).toEqual({ trades: 12 });
  });

  it('a target without /metrics gives null deltas and says why', async () => {
    const base = await serveText(404, 'not found');
    const sampler = new TargetMetricsSampler(`${base}/metrics`);
    await sampler.begin();
    expect(await sampler.end()).toEqual({ deltas: null, reason: `${base}/metrics answered HTTP 404` });
  });

  it('a page that is not Prometheus text gives null deltas and says why', async () => {
    const base = await serveText(200, '<html><body>hello</body></html>', 'text/html');
    const outcome = await scrapeMetrics(`${base}/metrics`);
    expect(outcome).toEqual({ ok: false, reason: `${base}/metrics holds no Prometheus metrics` });
  });

  it('no target at all gives null deltas and says why, without throwing', async () => {
    const base = await serveText(200, '');
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const sampler = new TargetMetricsSampler(`${base}/metrics`, { timeoutMs: 500 });
    await sampler.begin();
    const { deltas, reason } = await sampler.end();
    expect(deltas).toBeNull();
    expect(reason).toMatch(/could not be read: fetch failed \(.*ECONNREFUSED/);
  });

  it('end() without begin() says so', async () => {
    expect(await new TargetMetricsSampler('http://127.0.0.1:1/metrics').end()).toEqual({
      deltas: null,
      reason: 'no metrics snapshot was taken at the start of the step',
    });
  });
});
