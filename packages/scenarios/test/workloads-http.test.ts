/**
 * The generic http workload against a tiny node:http service (any HTTP service, not only
 * ours): the request goes out as templated, at the step's rate, and what the service saw
 * matches what the workload counted — successes and failures by status.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetEndpoint } from '../src/workloads/workload.js';
import { measureStep, planFor, workloadOf, type MeasuredStep } from './support/workload-harness.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly body: { n: number; id: string };
  readonly header: string | undefined;
}

const seen: Seen[] = [];
let server: Server;
let target: TargetEndpoint;
let step: MeasuredStep;

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      if (request.method === 'GET') {
        // the harness asks for /metrics: this service has none
        response.statusCode = 404;
        response.end();
        return;
      }
      const body = JSON.parse(text) as Seen['body'];
      seen.push({
        method: request.method!,
        url: request.url!,
        body,
        header: request.headers['x-run'] as string | undefined,
      });
      // Every tenth request fails: the workload must count exactly these as errors.
      response.statusCode = body.n % 10 === 0 ? 503 : 201;
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    streamUrl: '',
    adminToken: null,
  };
  process.env['HEADROOM_TEST_RUN'] = 'run-42';
  const plan = planFor([
    {
      kind: 'http',
      method: 'POST',
      url: '/things?kind=test',
      headers: { 'x-run': '{{env HEADROOM_TEST_RUN}}' },
      body: '{"n": {{seq}}, "id": "{{uuid}}"}',
      ratePerSecond: 100,
      connections: 4,
      expectStatus: [201],
    },
  ]);
  const workload = workloadOf(plan, target);
  await workload.prepare();
  step = await measureStep(workload, target, { multiplier: 2, durationSeconds: 2, warmupSeconds: 0 });
  await workload.close();
});
afterAll(async () => {
  delete process.env['HEADROOM_TEST_RUN'];
  await new Promise((resolve) => server.close(resolve));
});

describe('http workload', () => {
  it('sends the templated request: method, path, rendered header and body', () => {
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.method === 'POST' && s.url === '/things?kind=test')).toBe(true);
    expect(seen.every((s) => s.header === 'run-42')).toBe(true);
    expect(new Set(seen.map((s) => s.body.id)).size).toBe(seen.length);
    expect(
      seen.every((s) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(s.body.id),
      ),
    ).toBe(true);
    expect(seen.map((s) => s.body.n).sort((a, b) => a - b)).toEqual(seen.map((_, i) => i + 1));
  });

  it('counts what the service saw: successes as completed, unexpected statuses as errors by code', () => {
    const { result } = step;
    expect(result.targetRate).toBe(200);
    const failed = seen.filter((s) => s.body.n % 10 === 0).length;
    expect(result.counts.sent).toBe(seen.length);
    expect(result.errorsByCode).toEqual(failed === 0 ? {} : { HTTP_503: failed });
    expect(result.counts.completed).toBe(seen.length - failed);
    // Poisson: 400 expected in 2 s at 200/s
    expect(result.counts.scheduled).toBeGreaterThan(300);
    expect(result.counts.scheduled).toBeLessThan(500);
  });
});
