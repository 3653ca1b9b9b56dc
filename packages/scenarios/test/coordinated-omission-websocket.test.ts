/**
 * Coordinated omission, WebSocket driver: a ws echo server in another process freezes
 * its event loop for S = 400 ms every P = 2000 ms (f = 0.2); the driver offers a constant
 * 500 messages/s. The corrected percentiles must follow the analytic distribution (see
 * helpers/stall-expectation.ts) within 25% (or 5 ms) in both set-ups:
 *
 * - unlimited in flight (2 connections): every message goes out on time into the frozen
 *   server's socket, so nothing is omitted and raw ≈ corrected;
 * - one message in flight per connection over 4 connections (a request/response
 *   protocol): messages due during a freeze wait in the generator, and the raw
 *   percentiles show the omission the corrected ones avoid. (The numbers are chosen as
 *   in the HTTP test: see coordinated-omission-http.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverResult } from '../src/drivers/driver-types.js';
import { runOpenWebSocket } from '../src/drivers/websocket/run-websocket.js';
import type { WebSocketProtocol } from '../src/drivers/websocket/websocket-options.js';
import { startChildServer, type ChildServer } from './helpers/child-servers.js';
import { stallExpectation, withinTolerance } from './helpers/stall-expectation.js';

const STALL_MS = 400;
const PERIOD_MS = 2000;
const RATE = 500;

const echoProtocol: WebSocketProtocol = {
  build: (seq) => ({ frame: `{"id":${seq}}`, correlationId: seq }),
  match: (message) => (message as { id?: number }).id,
};

function expectCorrectedMatchesAnalytic(label: string, result: DriverResult, server: ChildServer): void {
  const expected = stallExpectation(result, server.stalls);
  expect(expected.stallFraction).toBeGreaterThan(0.17);
  expect(expected.stallFraction).toBeLessThan(0.23);
  const rows = [
    { name: 'p90', expected: expected.quantile(0.9), measured: result.latency.corrected.p90 },
    { name: 'p99', expected: expected.quantile(0.99), measured: result.latency.corrected.p99 },
    { name: 'p999', expected: expected.quantile(0.999), measured: result.latency.corrected.p999 },
    { name: 'max', expected: expected.stallMs, measured: result.latency.corrected.max },
  ];
  console.info(
    `${label}: f=${expected.stallFraction.toFixed(3)} S=${expected.stallMs.toFixed(1)} ms; ` +
      rows
        .map((r) => `${r.name} expected ${r.expected.toFixed(1)} measured ${r.measured.toFixed(1)}`)
        .join('; ') +
      `; raw p99 ${result.latency.raw.p99.toFixed(1)} max ${result.latency.raw.max.toFixed(1)}`,
  );
  for (const row of rows) {
    expect(
      withinTolerance(row.measured, row.expected),
      `${row.name}: ${row.measured} vs ${row.expected}`,
    ).toBe(true);
  }
  expect(result.latency.corrected.p50).toBeLessThan(10);
  expect(result.counts).toMatchObject({ scheduled: 4 * RATE, completed: 4 * RATE, errors: 0 });
}

describe('WebSocket driver: coordinated omission', () => {
  let server: ChildServer;
  let unlimited: DriverResult;
  let oneInFlight: DriverResult;

  beforeAll(async () => {
    server = await startChildServer('ws', { stallMs: STALL_MS, periodMs: PERIOD_MS, firstStallAfterMs: 900 });
    const common = {
      url: server.url,
      protocol: echoProtocol,
      ratePerSecond: RATE,
      arrival: 'constant' as const,
      warmupSeconds: 0.5,
      durationSeconds: 4,
    };
    unlimited = await runOpenWebSocket({ ...common, connections: 2 });
    oneInFlight = await runOpenWebSocket({ ...common, connections: 4, maxInFlightPerConnection: 1 });
  });
  afterAll(async () => server?.stop());

  it('unlimited in flight: corrected matches the analytic expectation and raw agrees (nothing omitted)', () => {
    expectCorrectedMatchesAnalytic('WS CO (unlimited)', unlimited, server);
    expect(withinTolerance(unlimited.latency.raw.p99, unlimited.latency.corrected.p99, 0.15)).toBe(true);
    expect(unlimited.lateness.connectionWaits).toBe(0);
  });

  it('one in flight per connection: corrected matches the analytic expectation, raw shows the omission', () => {
    expectCorrectedMatchesAnalytic('WS CO (1 in flight)', oneInFlight, server);
    expect(oneInFlight.latency.raw.p99).toBeLessThan(0.25 * oneInFlight.latency.corrected.p99);
    expect(oneInFlight.latency.raw.max).toBeGreaterThan(0.75 * STALL_MS);
    expect(oneInFlight.lateness.connectionWaits).toBeGreaterThan(0);
  });

  it('books the waits for a connection as the target’s, not as generator lateness', () => {
    expect(oneInFlight.lateness.sendP99Ms).toBeGreaterThan(0.5 * STALL_MS);
    expect(oneInFlight.lateness.generatorP99Ms).toBeLessThan(0.25 * oneInFlight.lateness.sendP99Ms);
    // with nothing to wait for, sends went out on time through the freezes
    expect(unlimited.lateness.sendP99Ms).toBeLessThan(0.1 * STALL_MS);
  });
});
