/**
 * HTTP driver behaviour against real loopback servers (in this process: nothing here
 * freezes a loop): schedules, warm-up, failures by code, timeouts, interrupts, the
 * closed model and option validation.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DriverOptionsError } from '../src/drivers/driver-error.js';
import { runClosedHttp, runOpenHttp } from '../src/drivers/http/run-http.js';

const servers: Server[] = [];

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('runOpenHttp', () => {
  it('sends exactly the constant schedule of the window, excluding warm-up', async () => {
    let requests = 0;
    const url = await serve((_req, res) => {
      requests++;
      res.end('ok');
    });
    const result = await runOpenHttp({
      url,
      ratePerSecond: 200,
      arrival: 'constant',
      warmupSeconds: 0.5,
      durationSeconds: 1,
      connections: 2,
    });
    expect(result.status).toBe('completed');
    expect(result.counts).toEqual({
      scheduled: 200,
      sent: 200,
      completed: 200,
      errors: 0,
      timeouts: 0,
      notSent: 0,
      abandoned: 0,
    });
    // the warm-up's 100 requests went to the server too
    expect(requests).toBe(300);
    expect(result.offeredRate).toBe(200);
    expect(result.achievedRate).toBeGreaterThan(190);
    expect(result.timeline).toHaveLength(1);
    expect(result.timeline[0].offered).toBe(200);
    expect(result.latency.correctedHistogram).not.toBe('');
  });

  it('Poisson arrivals: the count in the window is within sampling error of rate × duration', async () => {
    const url = await serve((_req, res) => res.end('ok'));
    const result = await runOpenHttp({
      url,
      ratePerSecond: 500,
      arrival: 'poisson',
      seed: 11,
      durationSeconds: 2,
    });
    // Poisson count: mean 1000, SD ≈ 32; 4 SD
    expect(Math.abs(result.counts.scheduled - 1000)).toBeLessThan(130);
    expect(result.counts.completed).toBe(result.counts.scheduled);
  });

  it('counts status ≥ 400 as HTTP_<status> and keeps failures out of the latency', async () => {
    let n = 0;
    const url = await serve((_req, res) => {
      res.statusCode = n++ % 2 === 0 ? 503 : 200;
      res.end();
    });
    const result = await runOpenHttp({
      url,
      ratePerSecond: 200,
      arrival: 'constant',
      durationSeconds: 1,
      connections: 1,
    });
    expect(result.errorsByCode).toEqual({ HTTP_503: 100 });
    expect(result.counts).toMatchObject({ completed: 100, errors: 100 });
    expect(result.latency.corrected.count).toBe(100);
    expect(result.timeline[0].errors).toBe(100);
  });

  it('lets the workload name failures reported in the body', async () => {
    const url = await serve((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/reject' ? '{"status":"rejected","code":"OVERLOADED"}' : '{"status":"ok"}');
    });
    const result = await runOpenHttp({
      url,
      requests: [{ path: '/accept' }, { path: '/reject' }],
      errorCode: (status, body) =>
        (JSON.parse(body) as { code?: string }).code ?? (status >= 400 ? `HTTP_${status}` : undefined),
      ratePerSecond: 100,
      arrival: 'constant',
      durationSeconds: 1,
      connections: 1,
    });
    expect(result.errorsByCode).toEqual({ OVERLOADED: 50 });
    expect(result.counts.completed).toBe(50);
  });

  it('sends generated bodies through setupRequest', async () => {
    const bodies: string[] = [];
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.end();
      });
    });
    let seq = 0;
    await runOpenHttp({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        { setupRequest: (request) => ({ ...request, body: JSON.stringify({ clientOrderId: seq++ }) }) },
      ],
      ratePerSecond: 100,
      arrival: 'constant',
      durationSeconds: 0.5,
      connections: 1,
    });
    expect(bodies.length).toBeGreaterThanOrEqual(50);
    const ids = bodies.map((b) => (JSON.parse(b) as { clientOrderId: number }).clientOrderId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a setupRequest that throws fails those requests as BUILD_FAILED, without stopping the run', async () => {
    const url = await serve((_req, res) => res.end('ok'));
    let n = 0;
    const result = await runOpenHttp({
      url,
      requests: [
        {
          setupRequest: (request) => {
            if (n++ % 5 === 4) throw new Error('template field missing');
            return request;
          },
        },
      ],
      ratePerSecond: 100,
      arrival: 'constant',
      durationSeconds: 1,
      connections: 2,
    });
    expect(result.counts.scheduled).toBe(100);
    expect(result.errorsByCode.BUILD_FAILED).toBeGreaterThan(10);
    expect(result.counts.completed + result.counts.errors).toBe(100);
    expect(result.notes.join(' ')).toMatch(/template field missing/);
  });

  it('a request that cannot be built at all ends the run at once with the reason', async () => {
    const url = await serve((_req, res) => res.end('ok'));
    const started = performance.now();
    const error = await runOpenHttp({
      url,
      requests: [
        {
          setupRequest: () => {
            throw new Error('no such template field: price');
          },
        },
      ],
      ratePerSecond: 100,
      durationSeconds: 5,
    }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2000);
    expect((error as Error).message).toMatch(/no such template field: price/);
  });

  it('times out unanswered requests, replacing their connections, and books them as TIMEOUT', async () => {
    let n = 0;
    const url = await serve((_req, res) => {
      // every 4th request is never answered
      if (n++ % 4 !== 3) res.end('ok');
    });
    const result = await runOpenHttp({
      url,
      ratePerSecond: 40,
      arrival: 'constant',
      durationSeconds: 1,
      connections: 4,
      timeoutMs: 200,
    });
    expect(result.counts.timeouts).toBe(10);
    expect(result.errorsByCode).toEqual({ TIMEOUT: 10 });
    expect(result.counts.completed).toBe(30);
  });

  it('a target that refuses connections gives errors by code, and the run still ends on time', async () => {
    const url = await serve(() => {});
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const started = performance.now();
    const result = await runOpenHttp({
      url,
      ratePerSecond: 100,
      arrival: 'constant',
      durationSeconds: 1,
      connections: 2,
      timeoutMs: 500,
    });
    expect(performance.now() - started).toBeLessThan(4000);
    expect(result.connectionErrorsByCode.ECONNREFUSED).toBeGreaterThan(0);
    expect(result.counts.completed).toBe(0);
    expect(result.counts.errors).toBe(result.counts.scheduled);
    expect(
      Object.keys(result.errorsByCode).every((code) =>
        ['ECONNREFUSED', 'NOT_SENT', 'TIMEOUT'].includes(code),
      ),
    ).toBe(true);
  });

  it('an abort signal stops at once and returns what was measured, marked interrupted', async () => {
    const url = await serve((_req, res) => res.end('ok'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 600);
    const started = performance.now();
    const result = await runOpenHttp({
      url,
      ratePerSecond: 100,
      arrival: 'constant',
      durationSeconds: 30,
      signal: controller.signal,
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.status).toBe('interrupted');
    expect(result.durationSeconds).toBeGreaterThan(0.5);
    expect(result.durationSeconds).toBeLessThan(1.5);
    expect(result.counts.completed).toBeGreaterThan(40);
    expect(result.notes.join(' ')).toMatch(/Interrupted/);
  });
});

describe('runClosedHttp', () => {
  it('keeps every connection busy: throughput by Little’s law from the response time', async () => {
    const url = await serve((_req, res) => setTimeout(() => res.end('ok'), 5));
    const result = await runClosedHttp({ url, connections: 4, durationSeconds: 1 });
    expect(result.model).toBe('closed');
    expect(result.concurrency).toBe(4);
    // X = N / R: 4 / ~6 ms ≈ 650/s; the server's 5 ms delay bounds it above by 800/s
    const littles = (4 / result.latency.corrected.mean) * 1000;
    expect(result.achievedRate).toBeLessThan(800);
    expect(Math.abs(result.achievedRate - littles) / littles).toBeLessThan(0.15);
    expect(result.errorsByCode).toEqual({});
  });
});

describe('HTTP option validation', () => {
  it('reports every problem at once, each with its path', async () => {
    const error = await runOpenHttp({
      url: 'ftp://example',
      ratePerSecond: -1,
      durationSeconds: 0,
      connections: 1.5,
      arrival: 'bursty' as never,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriverOptionsError);
    const { problems, code, category } = error as DriverOptionsError;
    expect({ code, category }).toEqual({ code: 'INVALID_DRIVER_OPTIONS', category: 'usage' });
    expect(problems).toEqual([
      'durationSeconds: must be a positive number, got 0',
      'ratePerSecond: must be a positive number, got -1',
      "arrival: must be 'constant' or 'poisson', got \"bursty\"",
      'url: must start with http:// or https://, got ftp://example',
      'connections: must be a positive integer, got 1.5',
    ]);
  });
});
