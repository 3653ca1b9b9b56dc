/**
 * A stand-in gateway for the sessions benchmark: several processes (node:cluster, one
 * shared loopback port, round-robin accept) that speak just enough of the reference
 * protocol for the sessions workload — `POST /v1/admin/fixtures` hands out random tokens,
 * `auth` is acknowledged whatever the token, `ping` is answered with `pong`. It holds
 * more connections than one process's open-file limit allows, so the benchmark can show
 * the generator side holding 50,000 connections while the reference system (one gateway
 * process) cannot.
 *
 * Run as a child process: ECHO_WORKERS=4 node sessions-echo-pool.js. Prints one JSON line
 * `{"event":"listening","url":…,"pids":[…]}` once every worker listens.
 */
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const now = (): number => performance.timeOrigin + performance.now();

function serveWorker(): void {
  const server = http.createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/v1/admin/fixtures') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const { users, sessionsPerUser = 1 } = JSON.parse(body) as {
          users: number;
          sessionsPerUser?: number;
        };
        const sessions = Array.from({ length: users * sessionsPerUser }, (_, i) => ({
          token: randomBytes(32).toString('base64url'),
          userId: Math.floor(i / sessionsPerUser) + 1,
        }));
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ users: [], sessions, expiresAt: Date.now() + 86_400_000 }));
      });
      return;
    }
    response.writeHead(request.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
    response.end(request.url === '/health' ? '{"status":"ok"}' : '{"error":{"code":"NOT_FOUND"}}');
  });
  const wss = new WebSocketServer({ server, path: '/v1/stream', perMessageDeflate: false });
  wss.on('connection', (socket) => {
    socket.on('error', () => {});
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type?: string; id?: unknown };
      const id = JSON.stringify(message.id ?? null);
      if (message.type === 'auth')
        socket.send(`{"type":"ack","ref":"auth","id":${id},"userId":1,"ts":${now()}}`);
      else if (message.type === 'ping') socket.send(`{"type":"pong","id":${id},"ts":${now()}}`);
    });
  });
  // In a cluster worker, port 0 is one port shared by every worker (the primary holds it).
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(0));
}

function servePrimary(): void {
  cluster.schedulingPolicy = cluster.SCHED_RR;
  const count = Number(process.env['ECHO_WORKERS'] ?? 4);
  let port = 0;
  let listening = 0;
  for (let i = 0; i < count; i++) {
    const worker = cluster.fork();
    worker.on('message', (message: { port: number }) => {
      port = message.port;
      if (++listening === count) {
        const pids = Object.values(cluster.workers ?? {}).map((w) => w!.process.pid);
        process.stdout.write(
          `${JSON.stringify({ event: 'listening', url: `http://127.0.0.1:${port}`, pids: [process.pid, ...pids] })}\n`,
        );
      }
    });
  }
  const stop = (): void => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (cluster.isPrimary) servePrimary();
else serveWorker();
