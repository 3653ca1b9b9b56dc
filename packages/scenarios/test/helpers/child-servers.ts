/**
 * Loopback servers for the driver tests and the generator benchmark, each in its own
 * child process: a server that freezes its event loop must not freeze the generator
 * measuring it, and a benchmark must not share a core's event loop with its target.
 *
 * Kinds: 'http' answers every request with 200 'ok'; 'ws' echoes every text frame back.
 * With `stallMs`/`periodMs`, the server busy-waits `stallMs` every `periodMs` (anchored
 * to absolute times, so stalls do not drift) and reports each stall's start and end
 * (epoch ms from performance.timeOrigin, comparable across processes on one host).
 * With `serviceMs`, the HTTP server busy-waits that long per request — one event loop,
 * so its capacity is ~1000 / serviceMs requests/s — and exports the time on GET /metrics
 * as `headroom_resource_busy_seconds_total{resource="event_loop"}` (the resource contract).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

export interface Stall {
  /** epoch ms */
  readonly start: number;
  readonly end: number;
}

export interface ChildServer {
  readonly url: string;
  readonly port: number;
  /** stalls so far (those the child has reported) */
  readonly stalls: readonly Stall[];
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  /** ms the server freezes its loop; 0 = never */
  readonly stallMs?: number;
  /** ms between stall starts */
  readonly periodMs?: number;
  /** ms before the first stall */
  readonly firstStallAfterMs?: number;
  /** ms of busy work per HTTP request */
  readonly serviceMs?: number;
}

const STALL_LOOP = `
const STALL_MS = Number(process.env.STALL_MS), PERIOD_MS = Number(process.env.PERIOD_MS);
function stalls(first) {
  if (!(STALL_MS > 0)) return;
  const origin = performance.now() + first;
  let k = 0;
  const arm = () => setTimeout(stall, Math.max(0, origin + k * PERIOD_MS - performance.now()));
  const stall = () => {
    const a = performance.now();
    while (performance.now() - a < STALL_MS) {}
    const b = performance.now();
    process.stdout.write('STALL ' + (performance.timeOrigin + a) + ' ' + (performance.timeOrigin + b) + '\\n');
    k++;
    arm();
  };
  arm();
}
process.on('SIGTERM', () => process.exit(0));
`;

const HTTP_SERVER = `${STALL_LOOP}
const http = require('node:http');
const SERVICE_MS = Number(process.env.SERVICE_MS);
let busyMs = 0;
let served = 0;
const metrics = () =>
  '# TYPE headroom_resource_busy_seconds_total counter\\n' +
  'headroom_resource_busy_seconds_total{resource="event_loop"} ' + busyMs / 1000 + '\\n' +
  '# TYPE headroom_resource_servers gauge\\nheadroom_resource_servers{resource="event_loop"} 1\\n' +
  '# TYPE headroom_work_completed_total counter\\nheadroom_work_completed_total{work="requests"} ' + served + '\\n';
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.url === '/metrics') return res.end(metrics());
    if (SERVICE_MS > 0) {
      const start = performance.now();
      while (performance.now() - start < SERVICE_MS);
      busyMs += performance.now() - start;
    }
    served++;
    res.end('ok');
  });
});
server.keepAliveTimeout = 120000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write('PORT ' + server.address().port + '\\n');
  stalls(Number(process.env.FIRST_STALL_MS));
});
`;

const WS_SERVER = `${STALL_LOOP}
const { WebSocketServer } = require(process.env.WS_MODULE);
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, skipUTF8Validation: true });
wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
wss.on('listening', () => {
  process.stdout.write('PORT ' + wss.address().port + '\\n');
  stalls(Number(process.env.FIRST_STALL_MS));
});
`;

export async function startChildServer(
  kind: 'http' | 'ws',
  options: ChildServerOptions = {},
): Promise<ChildServer> {
  const require = createRequire(import.meta.url);
  const child = spawn(process.execPath, ['-e', kind === 'http' ? HTTP_SERVER : WS_SERVER], {
    env: {
      ...process.env,
      WS_MODULE: require.resolve('ws'),
      STALL_MS: String(options.stallMs ?? 0),
      PERIOD_MS: String(options.periodMs ?? 1000),
      FIRST_STALL_MS: String(options.firstStallAfterMs ?? 0),
      SERVICE_MS: String(options.serviceMs ?? 0),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stalls: Stall[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`${kind} test server exited with ${code} before listening`)),
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [word, a, b] = line.split(' ');
      if (word === 'PORT') resolve(Number(a));
      if (word === 'STALL') stalls.push({ start: Number(a), end: Number(b) });
    });
  });
  const scheme = kind === 'http' ? 'http' : 'ws';
  return { url: `${scheme}://127.0.0.1:${port}/`, port, stalls, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
