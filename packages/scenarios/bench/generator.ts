/**
 * Load-generator overhead (DESIGN §8):
 *
 * 1. HTTP: requests/s of headroom's HTTP driver against bare autocannon, same connections,
 *    same loopback server (node:http answering 'ok', in a child process), measured side by
 *    side in alternating rounds; goal ≥ 0.9×. The driver runs in its closed model (every
 *    connection busy, like bare autocannon) and in its open model at 200,000/s, above
 *    what the server can take (so the schedule, the pacing gate and the per-request
 *    bookkeeping are all on the hot path). The ratio is the median of the rounds' ratios:
 *    on a shared machine the throughput of neighbouring runs is comparable, that of runs
 *    a minute apart is not.
 * 2. WebSocket: messages/s of the WebSocket driver from one core against a ws echo server
 *    in a child process; goal ≥ 100,000. Closed model (1,024 outstanding over 8
 *    connections: the most the driver can push), then the open model at 100,000/s.
 *
 * Every figure is printed with the generator's CPU use, because this machine may be
 * shared: "per CPU-second" is what one core would do if the generator had it alone.
 * Bounded: about 50 s. Run: pnpm bench:generator
 */
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { runClosedHttp, runOpenHttp } from '../src/drivers/http/run-http.js';
import { runClosedWebSocket, runOpenWebSocket } from '../src/drivers/websocket/run-websocket.js';
import type { DriverResult } from '../src/drivers/driver-types.js';
import type { WebSocketProtocol } from '../src/drivers/websocket/websocket-options.js';
import { startChildServer } from '../test/helpers/child-servers.js';

const HTTP_CONNECTIONS = 10;
const ROUND_SECONDS = 2;
const ROUNDS = 5;
const OPEN_HTTP_RATE = 200_000;
const WS_SECONDS = 4;

interface Measured {
  /** operations per second */
  readonly rate: number;
  /** CPU cores the generator process used */
  readonly cpuCores: number;
}

async function bareAutocannon(url: string): Promise<Measured> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ url, connections: HTTP_CONNECTIONS, duration: ROUND_SECONDS }, (error, r) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(r),
    ),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    rate: result.requests.total / result.duration,
    cpuCores: (used.user + used.system) / 1e6 / wallSeconds,
  };
}

function fromDriver(result: DriverResult): Measured {
  return { rate: result.achievedRate, cpuCores: result.generatorSample.cpuCores };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(9);
const describe = (m: Measured): string =>
  `${fmt(m.rate)}/s  CPU ${m.cpuCores.toFixed(2)} cores  ${fmt(m.rate / Math.max(m.cpuCores, 0.01))} per CPU-second`;

async function benchHttp(): Promise<void> {
  const server = await startChildServer('http');
  try {
    console.log(
      `\nHTTP: ${HTTP_CONNECTIONS} connections, pipelining 1, ${ROUND_SECONDS} s per run, ${ROUNDS} rounds of ` +
        `bare autocannon / driver closed / driver open at ${OPEN_HTTP_RATE.toLocaleString('en-US')}/s`,
    );
    await bareAutocannon(server.url); // JIT warm-up of autocannon's client, shared by both
    const rounds: { bare: Measured; closed: Measured; open: Measured }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const bare = await bareAutocannon(server.url);
      const closed = fromDriver(
        await runClosedHttp({
          url: server.url,
          connections: HTTP_CONNECTIONS,
          durationSeconds: ROUND_SECONDS,
        }),
      );
      const open = fromDriver(
        await runOpenHttp({
          url: server.url,
          connections: HTTP_CONNECTIONS,
          ratePerSecond: OPEN_HTTP_RATE,
          durationSeconds: ROUND_SECONDS,
          timeoutMs: 1000,
        }),
      );
      rounds.push({ bare, closed, open });
      console.log(`  round ${round}: bare autocannon ${describe(bare)}`);
      console.log(
        `           driver, closed ${describe(closed)}  ratio ${(closed.rate / bare.rate).toFixed(3)}×`,
      );
      console.log(
        `           driver, open   ${describe(open)}  ratio ${(open.rate / bare.rate).toFixed(3)}×`,
      );
    }
    const ratio = (pick: (r: (typeof rounds)[number]) => Measured, perCpu: boolean): string => {
      const per = (m: Measured): number => (perCpu ? m.rate / Math.max(m.cpuCores, 0.01) : m.rate);
      return median(rounds.map((r) => per(pick(r)) / per(r.bare))).toFixed(3);
    };
    console.log(`  median of the rounds' ratios, driver / bare autocannon (goal ≥ 0.9×):`);
    console.log(
      `    requests/s:             closed ${ratio((r) => r.closed, false)}×, open ${ratio((r) => r.open, false)}×`,
    );
    console.log(
      `    requests per CPU-second: closed ${ratio((r) => r.closed, true)}×, open ${ratio((r) => r.open, true)}×`,
    );
  } finally {
    await server.stop();
  }
}

const echo: WebSocketProtocol = {
  build: (seq) => ({ frame: `{"id":${seq}}`, correlationId: seq }),
  match: (message) => (message as { id?: number }).id,
};

async function benchWebSocket(): Promise<void> {
  const server = await startChildServer('ws');
  try {
    console.log(
      '\nWebSocket: echo server in a child process, frames {"id":n}, JSON-parsed and matched by id',
    );
    const closed = await runClosedWebSocket({
      url: server.url,
      protocol: echo,
      connections: 8,
      concurrency: 1024,
      warmupSeconds: 1,
      durationSeconds: WS_SECONDS,
    });
    console.log(`  closed, 1,024 outstanding over 8 connections: ${describe(fromDriver(closed))}`);
    const open = await runOpenWebSocket({
      url: server.url,
      protocol: echo,
      connections: 8,
      ratePerSecond: 100_000,
      arrival: 'constant',
      warmupSeconds: 1,
      durationSeconds: WS_SECONDS,
      timeoutMs: 2000,
    });
    console.log(`  open at 100,000/s offered:                    ${describe(fromDriver(open))}`);
    console.log(
      `    corrected p50 ${open.latency.corrected.p50.toFixed(2)} ms, p99 ${open.latency.corrected.p99.toFixed(2)} ms; ` +
        `generator-bound: ${open.generator.bound ? open.generator.reasons.join(' ') : 'no'}`,
    );
    const best = Math.max(closed.achievedRate, open.achievedRate);
    console.log(`  best messages/s: ${fmt(best).trim()} (goal ≥ 100,000 from one core)`);
  } finally {
    await server.stop();
  }
}

const started = performance.now();
console.log(
  `generator benchmark — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
    `load average ${loadavg()[0].toFixed(2)} at start`,
);
await benchHttp();
await benchWebSocket();
console.log(
  `\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s, load average ${loadavg()[0].toFixed(2)} at the end`,
);
