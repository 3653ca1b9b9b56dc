/**
 * The sessions workload at the plan's 10x: 50,000 concurrent authenticated connections
 * with heartbeats (DESIGN §2, issue 5). Two targets, one after the other:
 *
 * 1. The reference system (`headroom serve`, one gateway process, open-file limit
 *    20,000): it can hold ~19,700 connections; what it holds and what limited it is the
 *    finding.
 * 2. A pool of ws echo processes (bench/sessions-echo-pool.ts, node:cluster on one port)
 *    that speaks auth/ping: shows the generator side holding all 50,000.
 *
 * For each: time to open, connect latency, heartbeat latency (corrected: from each beat's
 * scheduled time), memory per connection on the generator side (RSS delta after GC / the
 * connections held, measured by the generator processes) and on the server side (VmRSS of
 * the server's processes from /proc, read before opening and when the measured window
 * starts, / connections held). Uses the plan's defaults: heartbeat 15 s, connect rate
 * 5,000/s, 15,000 connections per generator process, 4 source addresses.
 *
 * Bounded: about 2–3 minutes. Run: pnpm bench:sessions
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { resolvePlan } from '../src/plan/resolve-plan.js';
import type { WorkloadStepResult } from '../src/result/types.js';
import { createSessionsWorkload } from '../src/workloads/sessions/index.js';
import { spawnSessionsTarget } from '../test/support/spawn-sessions-target.js';

const MULTIPLIER = 10;
const WARMUP_SECONDS = 2;
const DURATION_SECONDS = 20;
const ECHO_WORKERS = 4;

interface BenchTarget {
  readonly label: string;
  readonly url: string;
  readonly streamUrl: string;
  readonly adminToken: string;
  /** processes whose memory is the server side */
  readonly pids: readonly number[];
}

/** bytes, VmRSS of the processes from /proc */
function residentBytes(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    total += match === null ? 0 : Number(match[1]) * 1024;
  }
  return total;
}

function openFds(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + readdirSync(`/proc/${pid}/fd`).length, 0);
}

function timeWaitSockets(): number {
  let count = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      // state 06 = TIME_WAIT
      count += readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.split(/\s+/)[4] === '06').length;
    } catch {
      // no IPv6
    }
  }
  return count;
}

async function measure(target: BenchTarget, sourceAddresses: readonly string[]): Promise<void> {
  const plan = resolvePlan({
    target: { kind: 'url', url: target.url, adminToken: target.adminToken },
    workloads: [{ kind: 'sessions', sourceAddresses: [...sourceAddresses] }],
    steps: [MULTIPLIER],
    duration: `${DURATION_SECONDS}s`,
    warmup: `${WARMUP_SECONDS}s`,
    sweep: { enabled: false },
    isolated: { enabled: false },
  });
  const workload = createSessionsWorkload({
    plan,
    runId: `bench-${Date.now()}`,
    workload: plan.workloads[0],
    target: { baseUrl: target.url, streamUrl: target.streamUrl, adminToken: target.adminToken },
    signal: AbortSignal.timeout(170_000),
    log: (message) => console.log(`  … ${message}`),
  });
  console.log(`\n## ${target.label}`);
  try {
    let started = performance.now();
    await workload.prepare();
    console.log(`  tokens provisioned in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const rssBefore = residentBytes(target.pids);
    let rssHeld = 0;
    let fdsHeld = 0;
    started = performance.now();
    const result = await workload.runStep({
      index: 0,
      multiplier: MULTIPLIER,
      warmupSeconds: WARMUP_SECONDS,
      durationSeconds: DURATION_SECONDS,
      phase: 'isolated',
      companions: [],
      onMeasureStart: () => {
        rssHeld = residentBytes(target.pids);
        fdsHeld = openFds(target.pids);
      },
      onTick: (tick) => {
        if (tick.second % 5 === 0)
          console.log(`  … t=${tick.second}s held ${fmt(tick.achieved)} errors ${fmt(tick.errors)}`);
      },
    });
    const stepSeconds = (performance.now() - started) / 1000;
    report(result, { rssBefore, rssHeld, fdsHeld, stepSeconds });
  } finally {
    await workload.close();
  }
  console.log(`  TIME_WAIT sockets on the host afterwards: ${fmt(timeWaitSockets())}`);
}

function report(
  r: WorkloadStepResult,
  server: { rssBefore: number; rssHeld: number; fdsHeld: number; stepSeconds: number },
): void {
  const m = r.measures;
  const held = m['connectionsHeld'] ?? 0;
  const opened = m['connectionsOpened'] ?? 0;
  const hb = r.latency.corrected;
  const raw = r.latency.raw;
  const kib = (bytes: number | undefined): string =>
    bytes === undefined ? 'n/a' : `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(
    `  held                 ${fmt(held)} of ${fmt(r.targetRate)} (opened ${fmt(opened)}, failed ${fmt(m['connectionsFailed'] ?? 0)})`,
  );
  console.log(`  errors by code       ${JSON.stringify(r.errorsByCode)}`);
  console.log(`  generator processes  ${m['processes']}, source addresses ${m['sourceAddresses']}`);
  const attempted = opened + (m['connectionsFailed'] ?? 0);
  const openSeconds = Math.max(m['openSeconds'] ?? 0, 1e-3);
  console.log(
    `  time to open         ${openSeconds.toFixed(1)} s (${fmt(attempted / openSeconds)} attempted/s, ${fmt(opened / openSeconds)} opened/s; plan pace 5,000/s)`,
  );
  console.log(
    `  connect latency      p50 ${ms(m['connectP50Ms'])}  p99 ${ms(m['connectP99Ms'])} (due → authenticated)`,
  );
  console.log(
    `  heartbeat latency    corrected p50 ${ms(hb.p50)} p99 ${ms(hb.p99)} max ${ms(hb.max)} | raw p50 ${ms(raw.p50)} p99 ${ms(raw.p99)}  (${fmt(hb.count)} beats, ${fmt(m['heartbeatsPerSecond'] ?? 0)}/s)`,
  );
  console.log(
    `  generator memory     ${kib(m['generatorBytesPerConnection'])} per connection (RSS after GC, held ÷ opened)`,
  );
  const serverPer = held > 0 && server.rssHeld > 0 ? (server.rssHeld - server.rssBefore) / opened : undefined;
  console.log(
    `  server memory        ${kib(serverPer)} per connection (VmRSS ${mib(server.rssBefore)} → ${mib(server.rssHeld)}, ${fmt(server.fdsHeld)} fds open)`,
  );
  if (m['serverBytesPerConnection'] !== undefined) {
    console.log(
      `  server memory        ${kib(m['serverBytesPerConnection'])} per connection (the target's process_resident_memory_bytes)`,
    );
  }
  console.log(
    `  generator health     CPU ${r.generator.cpuCores.toFixed(2)} cores, busiest loop ${(r.generator.eventLoopUtilization * 100).toFixed(0)}%, late beats p99 ${ms(r.generator.lateSendP99Ms)}${r.generator.bound ? ` — BOUND: ${r.generator.reasons.join(' ')}` : ''}`,
  );
  console.log(
    `  step took            ${server.stepSeconds.toFixed(1)} s (fork, open, warm-up, ${DURATION_SECONDS} s measured, close)`,
  );
  for (const note of r.notes) console.log(`  note: ${note}`);
}

async function startEchoPool(): Promise<BenchTarget & { stop: () => Promise<void> }> {
  const module = fileURLToPath(new URL('./sessions-echo-pool.js', import.meta.url));
  const child = spawn(process.execPath, [module], {
    env: { ...process.env, ECHO_WORKERS: String(ECHO_WORKERS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout }).once('line', resolve),
  );
  const { url, pids } = JSON.parse(line) as { url: string; pids: number[] };
  return {
    label: `ws echo pool: ${ECHO_WORKERS} server processes on one port (stand-in for a multi-process gateway)`,
    url,
    streamUrl: `${url.replace(/^http/, 'ws')}/v1/stream`,
    adminToken: 'unused-by-the-echo-pool',
    pids,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number | undefined): string => (n === undefined ? 'n/a' : `${n.toFixed(1)} ms`);
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  console.log(
    `# sessions benchmark: ${fmt(5000 * MULTIPLIER)} connections (${MULTIPLIER}x of 5,000 concurrent users)`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, load average ${loadavg()[0].toFixed(2)}, Node ${process.version}`,
  );
  const reference = await spawnSessionsTarget();
  try {
    await measure(
      {
        label: 'reference system (headroom serve: one gateway process)',
        ...reference,
        pids: [reference.pid],
      },
      ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'],
    );
  } finally {
    await reference.stop(20_000);
  }
  const pool = await startEchoPool();
  try {
    // Other source addresses (any 127.x.y.z works on Linux loopback), so ports the first
    // target left in TIME_WAIT cannot interfere.
    await measure(pool, ['127.0.1.2', '127.0.1.3', '127.0.1.4', '127.0.1.5']);
  } finally {
    await pool.stop();
  }
}

await main();
