/**
 * `pnpm bench:system [-- --seconds N] [--json]`
 *
 * The reference system as a service, measured from outside. For shards 1 (the monolith) and 2
 * (two matching worker threads) it serves the system in a child process (200 instruments,
 * fsync batch, SQLite in a temporary directory) and runs, one after another:
 *   1. order entry over WebSocket: 8 sessions × 16 orders outstanding (closed loop);
 *   2. order entry over REST: 32 keep-alive connections, one order each at a time;
 *   3. market data: 100 subscribers × 5 instruments (book + trades) while one session sends
 *      1,000 orders/s; delivery latency is receive time − the event's `ts`.
 * Orders are limit orders around the 20 busiest instruments' reference prices (GTC that rest,
 * IOC that trade). Between phases /metrics is scraped: the utilisation of every contract
 * resource during the phase is printed with the work counters the service reported.
 * The generator runs in this process on the same machine: on a small machine it competes with
 * the service for CPU, and its own limits show in the figures (closed loops slow down with it).
 */
import { describeMachine } from './machine.js';
import { marketDataLoad, restOrderLoad, wsOrderLoad, type LatencySummary } from './system-load.js';
import {
  ADMIN_TOKEN,
  fixtureTokens,
  listInstruments,
  scrape,
  serveTarget,
  utilisation,
  workDone,
  type ResourceUse,
} from './system-target.js';

interface PhaseResult {
  readonly phase: string;
  readonly figures: Record<string, number | string>;
  readonly latency: LatencySummary;
  readonly resources: readonly ResourceUse[];
  readonly work: Record<string, number>;
}

function parseArgs(argv: string[]): { seconds: number; json: boolean } {
  const args = argv.filter((a) => a !== '--');
  const i = args.indexOf('--seconds');
  const seconds = i >= 0 ? Number(args[i + 1]) : 5;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 300)
    throw new Error('--seconds: a number from 1 to 300');
  return { seconds, json: args.includes('--json') };
}

async function measured(
  url: string,
  phase: string,
  run: () => Promise<{ figures: Record<string, number | string>; latency: LatencySummary }>,
): Promise<PhaseResult> {
  const before = await scrape(url);
  const startedAt = performance.now();
  const { figures, latency } = await run();
  const wall = (performance.now() - startedAt) / 1000;
  const after = await scrape(url);
  const work: Record<string, number> = {};
  for (const kind of ['orders', 'trades', 'md_messages']) work[kind] = workDone(before, after, kind);
  return { phase, figures, latency, resources: utilisation(before, after, wall), work };
}

async function benchShards(shards: number, seconds: number): Promise<PhaseResult[]> {
  const target = await serveTarget({
    instruments: 200,
    shards,
    fsync: 'batch',
    adminToken: ADMIN_TOKEN,
    hashCost: { N: 1024 },
  });
  try {
    const wsUrl = `${target.url.replace(/^http/, 'ws')}/v1/stream`;
    const tokens = await fixtureTokens(target.url, 40);
    const instruments = (await listInstruments(target.url, 20)).slice(0, 20);
    const results: PhaseResult[] = [];
    results.push(
      await measured(target.url, 'orders over WebSocket (8 × 16 outstanding)', async () => {
        const r = await wsOrderLoad(wsUrl, tokens, instruments, { connections: 8, window: 16, seconds });
        return { figures: { 'orders/s': r.ordersPerSecond, rejected: r.rejected }, latency: r.latency };
      }),
    );
    results.push(
      await measured(target.url, 'orders over REST (32 connections)', async () => {
        const r = await restOrderLoad(target.url, tokens.slice(8), instruments, { concurrency: 32, seconds });
        return { figures: { 'orders/s': r.ordersPerSecond, rejected: r.rejected }, latency: r.latency };
      }),
    );
    results.push(
      await measured(
        target.url,
        'market data (100 subscribers × 5 instruments, 1,000 orders/s)',
        async () => {
          const r = await marketDataLoad(wsUrl, tokens[0], instruments, {
            subscribers: 100,
            instrumentsEach: 5,
            ordersPerSecond: 1000,
            seconds,
          });
          return {
            figures: {
              'updates/s delivered': r.updatesPerSecond,
              channels: r.channels,
              'orders sent': r.ordersSent,
              gaps: r.gaps,
              'conflated notices': r.conflatedNotices,
              disconnected: r.disconnected,
            },
            latency: r.latency,
          };
        },
      ),
    );
    return results;
  } finally {
    await target.stop();
  }
}

function print(shards: number, results: readonly PhaseResult[]): void {
  const round = (v: number | string): string =>
    typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(v >= 100 ? 0 : 2)) : v;
  console.log(
    `\nshards ${shards}${shards === 1 ? ' (monolith: matching on the gateway event loop)' : ' (worker threads)'}`,
  );
  for (const r of results) {
    console.log(`  ${r.phase}`);
    console.log(
      `    ${Object.entries(r.figures)
        .map(([k, v]) => `${k} ${round(v)}`)
        .join(', ')}`,
    );
    const l = r.latency;
    console.log(`    latency ms: p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  max ${l.max}  (n=${l.count})`);
    console.log(
      `    service counted: ${Object.entries(r.work)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    const busy = r.resources.filter((u) => u.utilisation >= 0.005);
    console.log(
      `    utilisation: ${busy.map((u) => `${u.resource} ${(u.utilisation * 100).toFixed(0)}%`).join(', ')}`,
    );
  }
}

const { seconds, json } = parseArgs(process.argv.slice(2));
const machine = describeMachine();
if (!json) {
  console.log(
    `bench:system — ${machine.cpu}, ${machine.cores} cores, node ${machine.node}; ${seconds} s per phase`,
  );
  console.log('The service runs in a child process; this process generates the load on the same machine.');
}
const all: Record<string, PhaseResult[]> = {};
for (const shards of [1, 2]) {
  all[`shards${shards}`] = await benchShards(shards, seconds);
  if (!json) print(shards, all[`shards${shards}`]);
}
if (json) console.log(JSON.stringify({ machine, seconds, results: all }));
