/**
 * Generator-bound detection: a step whose generator cannot keep its schedule is marked
 * `bound` with the reason — whether the rate is beyond what one core can send or the
 * generator's own loop is blocked — and a comfortable step is not. Servers run in child
 * processes, so the generator's process holds only the generator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOpenHttp } from '../src/drivers/http/run-http.js';
import { runOpenWebSocket } from '../src/drivers/websocket/run-websocket.js';
import type { WebSocketProtocol } from '../src/drivers/websocket/websocket-options.js';
import { startChildServer, type ChildServer } from './helpers/child-servers.js';

const echo: WebSocketProtocol = {
  build: (seq) => ({ frame: `{"id":${seq}}`, correlationId: seq }),
  match: (message) => (message as { id?: number }).id,
};

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('generator-bound detection', () => {
  let http: ChildServer;
  let ws: ChildServer;
  beforeAll(async () => {
    [http, ws] = await Promise.all([startChildServer('http'), startChildServer('ws')]);
  });
  afterAll(async () => Promise.all([http?.stop(), ws?.stop()]));

  it('flags an HTTP rate far above what one core can send', async () => {
    // Enough connections that they are not the limit (with 8, the connections are: the
    // requests wait for one, which is the target's latency, and the step is not flagged).
    const result = await runOpenHttp({
      url: http.url,
      ratePerSecond: 200_000,
      connections: 64,
      durationSeconds: 1.5,
      timeoutMs: 1000,
    });
    expect(result.generator.bound).toBe(true);
    // Which limit shows first depends on how the machine shares its cores between the
    // generator and the server: a saturated loop, a full core, late sends, lag, or the
    // shortfall of a busy loop.
    expect(result.generator.reasons.join(' ')).toMatch(
      /busy \d+% of the time|CPU cores|late at p99|lagged|Achieved [\d,]+\/s of [\d,]+\/s offered/,
    );
    expect(result.achievedRate).toBeLessThan(0.95 * result.offeredRate);
    // the work it could not do is booked, not dropped
    expect(result.counts.scheduled).toBe(result.counts.completed + result.counts.errors);
  });

  it('flags a WebSocket rate far above what one core can send', async () => {
    const result = await runOpenWebSocket({
      url: ws.url,
      protocol: echo,
      connections: 4,
      ratePerSecond: 1_000_000,
      durationSeconds: 1.5,
      timeoutMs: 1000,
    });
    expect(result.generator.bound).toBe(true);
    const reasons = result.generator.reasons.join(' ');
    expect(reasons).toMatch(/late at p99/);
    expect(reasons).toMatch(/busy \d+% of the time|CPU cores/);
    expect(result.counts.scheduled).toBe(result.counts.completed + result.counts.errors);
    expect(result.counts.notSent).toBeGreaterThan(0);
  });

  it('flags a generator that blocks its own event loop', async () => {
    // 40 ms of every 60 ms spent elsewhere in the generator process
    const blocker = setInterval(() => busyWait(40), 60);
    try {
      const result = await runOpenHttp({
        url: http.url,
        ratePerSecond: 200,
        arrival: 'constant',
        connections: 4,
        durationSeconds: 2,
      });
      expect(result.generator.bound).toBe(true);
      expect(result.generator.reasons.join(' ')).toMatch(/ms late at p99/);
      expect(result.generatorSample.eventLoopUtilization).toBeGreaterThan(0.5);
    } finally {
      clearInterval(blocker);
    }
  });

  it('does not flag comfortable steps for anything the generator did', async () => {
    const httpResult = await runOpenHttp({
      url: http.url,
      ratePerSecond: 100,
      connections: 4,
      durationSeconds: 2,
    });
    const wsResult = await runOpenWebSocket({
      url: ws.url,
      protocol: echo,
      ratePerSecond: 200,
      durationSeconds: 2,
    });
    for (const result of [httpResult, wsResult]) {
      expect(result.errorsByCode).toEqual({});
      expect(result.generatorSample.eventLoopUtilization).toBeLessThan(0.5);
      expect(result.generatorSample.cpuCores).toBeLessThan(0.5);
      // Not flagged — unless other processes on this (shared) machine kept the generator
      // from running on time, which is then the reason given, never its own work.
      for (const reason of result.generator.reasons)
        expect(reason).toMatch(/other processes on this machine held the CPU/);
    }
  });
});
