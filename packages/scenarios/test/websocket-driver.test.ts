/**
 * WebSocket driver behaviour against real loopback ws servers (in this process: nothing
 * here freezes a loop): matching (arrays, unmatched pushes), reject codes, timeouts,
 * connections closed by the server, onOpen, the closed model, interrupts, validation.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { DriverOptionsError, TargetUnreachableError } from '../src/drivers/driver-error.js';
import { runClosedWebSocket, runOpenWebSocket } from '../src/drivers/websocket/run-websocket.js';
import type { WebSocketProtocol } from '../src/drivers/websocket/websocket-options.js';
import { startChildServer } from './helpers/child-servers.js';

interface Request {
  readonly id: number;
  readonly type?: string;
}

const servers: WebSocketServer[] = [];

/** A ws server on an ephemeral loopback port; `onMessage` answers each request. */
async function serve(onMessage: (socket: WebSocket, request: Request) => void): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(server);
  server.on('connection', (socket) =>
    socket.on('message', (data: Buffer) => onMessage(socket, JSON.parse(data.toString()) as Request)),
  );
  await new Promise((resolve) => server.once('listening', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

const protocol: WebSocketProtocol = {
  build: (seq) => ({ frame: JSON.stringify({ id: seq, type: 'order' }), correlationId: seq }),
  match: (message) => {
    const m = message as { type?: string; id?: number };
    return m.type === 'ack' || m.type === 'reject' ? m.id : undefined;
  },
  errorCode: (message) =>
    (message as { type?: string }).type === 'reject' ? (message as { code: string }).code : undefined,
};

describe('runOpenWebSocket', () => {
  it('matches answers inside array frames, passes pushes to onUnmatched, and books reject codes', async () => {
    const url = await serve((socket, { id }) => {
      const answer = id % 5 === 4 ? { type: 'reject', id, code: 'OVERLOADED' } : { type: 'ack', id };
      socket.send(JSON.stringify([answer, { type: 'book', seq: id, ts: Date.now() }]));
    });
    const pushes: unknown[] = [];
    const result = await runOpenWebSocket({
      url,
      protocol: { ...protocol, onUnmatched: (message) => pushes.push(message) },
      connections: 3,
      ratePerSecond: 200,
      arrival: 'constant',
      durationSeconds: 1,
    });
    expect(result.counts).toMatchObject({ scheduled: 200, completed: 160, errors: 40 });
    expect(result.errorsByCode).toEqual({ OVERLOADED: 40 });
    expect(result.measures).toMatchObject({ connectionsOpened: 3, unmatchedMessages: 200, lateAnswers: 0 });
    expect(pushes).toHaveLength(200);
  });

  it('times out unanswered messages and ignores their late answers', async () => {
    const url = await serve((socket, { id }) => {
      if (id % 10 === 9) setTimeout(() => socket.send(JSON.stringify({ type: 'ack', id })), 400);
      else socket.send(JSON.stringify({ type: 'ack', id }));
    });
    const result = await runOpenWebSocket({
      url,
      protocol,
      ratePerSecond: 100,
      arrival: 'constant',
      durationSeconds: 1,
      timeoutMs: 150,
    });
    expect(result.errorsByCode).toEqual({ TIMEOUT: 10 });
    expect(result.counts).toMatchObject({ completed: 90, timeouts: 10 });
    expect(result.measures.lateAnswers).toBeGreaterThan(0);
  });

  it('fails what a connection carried when the server closes it, and goes on over the others', async () => {
    let answered = 0;
    const url = await serve((socket, { id }) => {
      if (++answered === 50) socket.close(1011, 'going away');
      else if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'ack', id }));
    });
    const result = await runOpenWebSocket({
      url,
      protocol,
      connections: 2,
      ratePerSecond: 200,
      arrival: 'constant',
      durationSeconds: 1,
    });
    expect(result.connectionErrorsByCode).toEqual({ WS_CLOSE_1011: 1 });
    expect(result.errorsByCode.WS_CLOSE_1011).toBeGreaterThanOrEqual(1);
    expect(result.counts.completed + result.counts.errors).toBe(result.counts.scheduled);
    expect(result.counts.completed).toBeGreaterThan(140);
  });

  it('runs onOpen on every connection before the load starts', async () => {
    const authed = new Set<WebSocket>();
    const url = await serve((socket, request) => {
      if (request.type === 'auth') {
        authed.add(socket);
        socket.send(JSON.stringify({ type: 'authed' }));
      } else
        socket.send(
          JSON.stringify({ type: authed.has(socket) ? 'ack' : 'reject', id: request.id, code: 'NO_AUTH' }),
        );
    });
    const result = await runOpenWebSocket({
      url,
      protocol: {
        ...protocol,
        onOpen: (socket) =>
          new Promise<void>((resolve) => {
            socket.once('message', () => resolve());
            socket.send(JSON.stringify({ type: 'auth', id: -1 }));
          }),
      },
      connections: 4,
      ratePerSecond: 100,
      durationSeconds: 0.5,
    });
    expect(authed.size).toBe(4);
    expect(result.errorsByCode).toEqual({});
  });

  it('a workload whose build throws fails those operations as BUILD_FAILED, without stopping the run', async () => {
    const url = await serve((socket, { id }) => socket.send(JSON.stringify({ type: 'ack', id })));
    const result = await runOpenWebSocket({
      url,
      protocol: {
        ...protocol,
        build: (seq) => {
          if (seq % 4 === 3) throw new Error(`no instrument for order ${seq}`);
          return protocol.build(seq);
        },
      },
      ratePerSecond: 100,
      arrival: 'constant',
      durationSeconds: 1,
    });
    expect(result.errorsByCode).toEqual({ BUILD_FAILED: 25 });
    expect(result.counts.completed).toBe(75);
    expect(result.notes.join(' ')).toMatch(/could not build 25 messages: no instrument for order 3/);
  });

  it('a closed-model run whose build always throws still ends on time', async () => {
    const url = await serve(() => {});
    const started = performance.now();
    const result = await runClosedWebSocket({
      url,
      protocol: {
        ...protocol,
        build: () => {
          throw new Error('broken workload');
        },
      },
      concurrency: 4,
      durationSeconds: 0.5,
    });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.counts.completed).toBe(0);
    expect(result.errorsByCode.BUILD_FAILED).toBeGreaterThan(4);
  });

  it('an unreachable target is a TargetUnreachableError naming the codes', async () => {
    const url = await serve(() => {});
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const error = await runOpenWebSocket({
      url,
      protocol,
      ratePerSecond: 10,
      durationSeconds: 1,
      connections: 2,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetUnreachableError);
    expect((error as Error).message).toMatch(/ECONNREFUSED ×2/);
  });

  it('an abort signal stops at once and returns what was measured, marked interrupted', async () => {
    const url = await serve((socket, { id }) => socket.send(JSON.stringify({ type: 'ack', id })));
    const result = await runOpenWebSocket({
      url,
      protocol,
      ratePerSecond: 200,
      durationSeconds: 30,
      signal: AbortSignal.timeout(500),
    });
    expect(result.status).toBe('interrupted');
    expect(result.durationSeconds).toBeLessThan(1.5);
    expect(result.counts.completed).toBeGreaterThan(50);
  });
});

describe('WebSocket backpressure', () => {
  it('stops sending on backed-up connections, counts the waits, and keeps them in the corrected latency', async () => {
    // An echo server in a child process that freezes (and so stops reading) for 1.2 s:
    // 32 KiB frames at 1,000/s fill the socket buffers within the freeze.
    const server = await startChildServer('ws', { stallMs: 1200, periodMs: 60_000, firstStallAfterMs: 300 });
    try {
      const payload = 'x'.repeat(32 * 1024);
      const result = await runOpenWebSocket({
        url: server.url,
        protocol: {
          build: (seq) => ({ frame: `{"id":${seq},"pad":"${payload}"}`, correlationId: seq }),
          match: (message) => (message as { id?: number }).id,
        },
        connections: 2,
        highWaterMarkBytes: 256 * 1024,
        ratePerSecond: 1000,
        arrival: 'constant',
        durationSeconds: 2,
        timeoutMs: 5000,
      });
      expect(result.measures.backpressureStalls).toBeGreaterThanOrEqual(1);
      expect(result.lateness.connectionWaits).toBeGreaterThan(0);
      expect(result.notes.join(' ')).toMatch(/waited \d+ times for socket buffers to drain/);
      expect(result.counts.completed).toBe(result.counts.scheduled);
      // the freeze is in the corrected latency
      expect(result.latency.corrected.max).toBeGreaterThan(900);
    } finally {
      await server.stop();
    }
  });
});

describe('runClosedWebSocket', () => {
  it('keeps exactly `concurrency` messages outstanding', async () => {
    let outstanding = 0;
    let mostOutstanding = 0;
    const url = await serve((socket, { id }) => {
      mostOutstanding = Math.max(mostOutstanding, ++outstanding);
      setTimeout(() => {
        outstanding--;
        socket.send(JSON.stringify({ type: 'ack', id }));
      }, 2);
    });
    const result = await runClosedWebSocket({
      url,
      protocol,
      connections: 2,
      concurrency: 8,
      durationSeconds: 1,
    });
    expect(mostOutstanding).toBe(8);
    expect(result.concurrency).toBe(8);
    // each round trip takes ≥ 2 ms: at most 8 / 2 ms = 4,000/s
    expect(result.achievedRate).toBeGreaterThan(500);
    expect(result.achievedRate).toBeLessThan(4000);
    expect(result.errorsByCode).toEqual({});
  });
});

describe('WebSocket option validation', () => {
  it('reports every problem at once, each with its path', async () => {
    const error = await runClosedWebSocket({
      url: 'http://127.0.0.1:1/',
      protocol: {} as WebSocketProtocol,
      concurrency: 0,
      durationSeconds: 1,
      maxInFlightPerConnection: 0,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriverOptionsError);
    expect((error as DriverOptionsError).problems).toEqual([
      'concurrency: must be a positive integer, got 0',
      'url: must start with ws:// or wss://, got http://127.0.0.1:1/',
      'maxInFlightPerConnection: must be a positive integer, got 0',
      'protocol.build: must be a function',
      'protocol.match: must be a function',
    ]);
  });
});
