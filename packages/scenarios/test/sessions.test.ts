/**
 * The sessions workload against the real reference system (a child process): connections
 * held over several source addresses and generator processes, heartbeats answered and
 * measured, and every way the connections can be limited counted by code and explained —
 * a server at its open-file limit, nothing listening, the server stopping mid-step,
 * tokens it rejects. After each test no generator process may be left.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolvePlan } from '../src/plan/resolve-plan.js';
import type { ResolvedPlan, SessionsOptions } from '../src/plan/types.js';
import type { WorkloadStepResult } from '../src/result/types.js';
import { createSessionsWorkload } from '../src/workloads/sessions/index.js';
import { provisionSessionTokens } from '../src/workloads/sessions/provision-tokens.js';
import { runSessionsStep } from '../src/workloads/sessions/run-sessions-step.js';
import type { StepSpec, Workload, WorkloadContext } from '../src/workloads/workload.js';
import { spawnSessionsTarget, type SessionsTarget } from './support/spawn-sessions-target.js';

let target: SessionsTarget;
const workloads: Workload[] = [];

beforeAll(async () => {
  target = await spawnSessionsTarget();
});
afterAll(async () => {
  await target?.stop();
});
afterEach(async () => {
  await Promise.all(workloads.splice(0).map((w) => w.close()));
  expect(generatorChildren()).toEqual([]);
});

function plan(url: string, options: Record<string, unknown>, duration = '1s'): ResolvedPlan {
  return resolvePlan({
    target: { kind: 'url', url, adminToken: target.adminToken },
    workloads: [
      {
        kind: 'sessions',
        connections: 300,
        tokens: 300,
        heartbeat: '250ms',
        sourceAddresses: ['127.0.0.2', '127.0.0.3'],
        maxConnectionsPerProcess: 150,
        connectRatePerSecond: 3000,
        timeout: '3s',
        ...options,
      },
    ],
    steps: [1],
    duration,
    warmup: '0s',
    sweep: { enabled: false },
    isolated: { enabled: false },
  });
}

function workload(
  resolved: ResolvedPlan,
  endpoint: { url: string; streamUrl: string } = target,
  signal = new AbortController().signal,
): Workload {
  const context: WorkloadContext = {
    plan: resolved,
    runId: 'sessions-test',
    workload: resolved.workloads[0],
    target: { baseUrl: endpoint.url, streamUrl: endpoint.streamUrl, adminToken: target.adminToken },
    signal,
    log: () => {},
  };
  const w = createSessionsWorkload(context);
  workloads.push(w);
  return w;
}

function step(durationSeconds: number, onTick?: StepSpec['onTick']): StepSpec {
  return {
    index: 0,
    multiplier: 1,
    warmupSeconds: 0,
    durationSeconds,
    phase: 'isolated',
    companions: [],
    ...(onTick ? { onTick } : {}),
  };
}

/** pids of sessions generator processes that are children of this process */
function generatorChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && cmdline.includes('sessions-worker')) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function expectConsistent(result: WorkloadStepResult): void {
  const { counts } = result;
  expect(counts.completed + counts.errors).toBeLessThanOrEqual(counts.sent);
  expect(Object.values(result.errorsByCode).reduce((a, b) => a + b, 0)).toBe(counts.errors);
  expect(result.measures['connectionsHeld']).toBe(result.achievedRate);
  expect(result.measures['connectionsTarget']).toBe(result.targetRate);
}

describe('sessions workload against the reference system', () => {
  it('holds 300 connections over 2 source addresses and 2 processes, with every heartbeat answered', async () => {
    const w = workload(plan(target.url, {}));
    await w.prepare();
    const ticks: number[] = [];
    const result = await w.runStep(step(1, (t) => ticks.push(t.achieved)));

    expect(result.targetRate).toBe(300);
    expect(result.achievedRate).toBe(300);
    expect(result.errorsByCode).toEqual({});
    expect(result.measures['processes']).toBe(2);
    expect(result.generator.processes).toBe(2);
    expect(result.measures['sourceAddresses']).toBe(2);
    expect(result.measures['connectionsOpened']).toBe(300);
    // Every held connection beats every 250 ms on a fixed grid: 4 per connection in 1 s. A
    // beat due at the very edge of the window may fall on either side of it (one per
    // generator process at most), but every beat scheduled inside it is answered and timed.
    const beats = result.counts.scheduled - 300;
    expect(beats).toBeGreaterThanOrEqual(1200 - 2);
    expect(beats).toBeLessThanOrEqual(1200);
    expect(result.counts.completed).toBe(result.counts.scheduled);
    expect(result.latency.corrected.count).toBe(beats);
    expect(result.latency.corrected.p50).toBeGreaterThan(0);
    expect(result.latency.corrected.p99).toBeGreaterThanOrEqual(result.latency.raw.p50);
    expect(result.latency.correctedHistogram).not.toBe('');
    expect(result.measures['heartbeatsPerSecond']).toBeCloseTo(1200, -1);
    expect(result.measures['generatorBytesPerConnection']).toBeGreaterThan(0);
    expect(result.measures['openSeconds']).toBeGreaterThan(0);
    expect(result.timeline.map((p) => p.achieved)).toEqual([300]);
    expect(result.notes[0]).toBe(
      'Held all 300 connections over 2 source address(es) in 2 generator process(es).',
    );
    expect(ticks.length).toBeGreaterThan(0);
    expectConsistent(result);
  });

  it.each([
    { connections: 100, maxConnectionsPerProcess: 40, processes: 3 },
    { connections: 100, maxConnectionsPerProcess: 100, processes: 1 },
    { connections: 60, maxConnectionsPerProcess: 15_000, processes: 1 },
  ])(
    'spreads $connections connections at most $maxConnectionsPerProcess a process over $processes process(es)',
    async (c) => {
      const w = workload(
        plan(target.url, {
          connections: c.connections,
          tokens: c.connections,
          maxConnectionsPerProcess: c.maxConnectionsPerProcess,
        }),
      );
      await w.prepare();
      const result = await w.runStep(step(1));
      expect(result.measures['processes']).toBe(c.processes);
      expect(result.generator.processes).toBe(c.processes);
      expect(result.achievedRate).toBe(c.connections);
      expectConsistent(result);
    },
  );

  it('counts connections to a port nobody listens on as ECONNREFUSED and says the target refused them', async () => {
    const port = await closedPort();
    const w = workload(plan(target.url, { connections: 50, tokens: 50 }), {
      url: target.url, // fixtures from the real target…
      streamUrl: `ws://127.0.0.1:${port}/v1/stream`, // …connections to nothing
    });
    await w.prepare();
    const result = await w.runStep(step(1));
    expect(result.achievedRate).toBe(0);
    expect(result.errorsByCode).toEqual({ ECONNREFUSED: 50 });
    expect(result.counts.errors).toBe(50);
    expect(result.notes[0]).toContain('Held 0 of 50 connections');
    expect(result.notes[0]).toContain('the target refusing connections');
    expectConsistent(result);
  });

  it('fails prepare with a target error when the fixtures route cannot be reached', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const w = workload(plan(url, {}), { url, streamUrl: `ws://127.0.0.1:${port}/v1/stream` });
    await expect(w.prepare()).rejects.toMatchObject({ code: 'FIXTURES_FAILED', category: 'target' });
  });

  it('counts tokens the target rejects by their code, and holds the others', async () => {
    const valid = await provisionSessionTokens({
      baseUrl: target.url,
      adminToken: target.adminToken,
      sessions: 40,
      sessionsPerUser: 1,
    });
    const forged = Array.from({ length: 20 }, (_, i) => `forged-token-${i}`.padEnd(43, 'x'));
    const options = plan(target.url, {}).workloads[0].options as SessionsOptions;
    const result = await runSessionsStep({
      name: 'sessions',
      baseUrl: target.url,
      streamUrl: target.streamUrl,
      metricsPath: '/metrics',
      connections: 60,
      reserveForCompanions: 0,
      // interleaved, so both processes meet forged tokens
      tokens: valid.flatMap((token, i) => (i < 20 ? [token, forged[i]] : [token])),
      options,
      warmupSeconds: 0,
      durationSeconds: 1,
      signal: new AbortController().signal,
      log: () => {},
    });
    expect(result.achievedRate).toBe(40);
    expect(result.errorsByCode).toEqual({ INVALID_TOKEN: 20 });
    expect(result.notes[0]).toContain('limited by session tokens the target rejected');
    expect(result.notes.join('\n')).toContain('the target rejected 20 session tokens (INVALID_TOKEN ×20)');
    expectConsistent(result);
  });

  it('opens and holds its connections in openStep, so its window starts one warm-up after runStep, as the others do', async () => {
    const w = workload(plan(target.url, {}));
    await w.prepare();
    const ticks: { second: number; held: number; at: number }[] = [];
    let measureStartedAt = -1;
    const spec: StepSpec = {
      ...step(1, (t) => ticks.push({ second: t.second, held: t.achieved, at: performance.now() })),
      warmupSeconds: 1,
      onMeasureStart: () => (measureStartedAt = performance.now()),
    };
    await w.openStep!(spec);
    expect(generatorChildren()).toHaveLength(2);
    // Held before the step starts: a tick (about one a second) sees all of them before runStep.
    for (let waited = 0; waited < 4000 && !ticks.some((t) => t.held === 300); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const runStepAt = performance.now();
    expect(ticks.some((t) => t.held === 300 && t.at < runStepAt)).toBe(true);
    const result = await w.runStep(spec);

    // Other workloads start measuring one warm-up after runStep is called; so does this one.
    expect(measureStartedAt - runStepAt).toBeGreaterThanOrEqual(1000 - 5);
    expect(measureStartedAt - runStepAt).toBeLessThan(2000);
    expect(result.achievedRate).toBe(300);
    expect(result.measures['connectionsOpened']).toBe(300);
    expect(result.latency.corrected.count).toBe(1200);
    expect(result.notes.join('\n')).not.toContain('Opening took longer');
    expectConsistent(result);
  });

  it('returns what it measured when interrupted, and leaves no generator process behind', async () => {
    const controller = new AbortController();
    const w = workload(
      plan(target.url, { connections: 100, tokens: 100, maxConnectionsPerProcess: 50 }, '30s'),
      target,
      controller.signal,
    );
    await w.prepare();
    const started = performance.now();
    const result = await w.runStep(
      step(30, (tick) => {
        if (tick.second >= 1 && tick.achieved === 100) controller.abort();
      }),
    );
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(result.notes.join('\n')).toContain('Interrupted during the measured window');
    expect(result.achievedRate).toBe(100);
    expect(result.latency.corrected.count).toBeGreaterThan(0);
  });
});

describe('sessions workload against servers that give out', () => {
  it('reports a server at its open-file limit as the limit, not a crash', async () => {
    // 400 descriptors: the server serves at most 400 − 256 = 144 connections.
    const limited = await spawnSessionsTarget({ openFileLimit: 400 });
    try {
      const w = workload(plan(limited.url, { connections: 300, tokens: 300 }), limited);
      await w.prepare();
      const result = await w.runStep(step(1));
      expect(result.achievedRate).toBeGreaterThan(0);
      expect(result.achievedRate).toBeLessThanOrEqual(144);
      expect(result.errorsByCode['ECONNRESET']).toBeGreaterThan(0);
      expect(result.counts.errors).toBe(300 - result.achievedRate);
      expect(result.notes[0]).toContain('limited by the server');
      const notes = result.notes.join('\n');
      expect(notes).toContain(`server refused/closed connections beyond ${result.achievedRate}`);
      expect(notes).toMatch(/the target itself counted \d+ connections dropped at its connection limit/);
      expectConsistent(result);
    } finally {
      await limited.stop();
    }
  });

  it('in a mixed step, leaves descriptors for the other workloads and states the target limit', async () => {
    // 1,400 descriptors: with 1,024 kept for the step's other workloads, fewer than 400 remain.
    const limited = await spawnSessionsTarget({ openFileLimit: 1400 });
    try {
      const w = workload(plan(limited.url, { connections: 600, tokens: 600 }), limited);
      await w.prepare();
      const result = await w.runStep({ ...step(1), phase: 'mixed', companions: ['orders'] });
      expect(result.targetRate).toBe(600);
      expect(result.achievedRate).toBeGreaterThan(0);
      expect(result.achievedRate).toBeLessThan(1400 - 1024);
      expect(result.errorsByCode['ECONNRESET'] ?? 0).toBe(0);
      expect(result.notes.join('\n')).toMatch(
        /Limited by the target's open-file limit: its process may hold 1,400 descriptors/,
      );
    } finally {
      await limited.stop();
    }
  });

  it('counts the connections a server closes when it stops mid-step', async () => {
    const stopping = await spawnSessionsTarget();
    try {
      const w = workload(
        plan(stopping.url, { connections: 100, tokens: 100, maxConnectionsPerProcess: 50 }, '2s'),
        stopping,
      );
      await w.prepare();
      let stop: Promise<void> | undefined;
      const result = await w.runStep(
        step(2, (tick) => {
          if (tick.second >= 1 && tick.achieved === 100 && stop === undefined) stop = stopping.stop();
        }),
      );
      await stop;
      expect(result.targetRate).toBe(100);
      expect(result.achievedRate).toBe(0);
      expect(result.measures['disconnects']).toBe(100);
      expect(result.notes[0]).toContain('Held 0 of 100 connections');
      expect(result.notes.join('\n')).toMatch(
        /the target closed 100 held connections during the measured window \(CLOSED_100[16]/,
      );
      expect(result.timeline).toHaveLength(2);
      expectConsistent(result);
    } finally {
      await stopping.stop();
    }
  });
});
