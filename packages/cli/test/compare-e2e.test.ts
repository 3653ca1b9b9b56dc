/**
 * The regression gate on measured runs: three short runs of the logins workload against
 * `headroom serve` — two against the same configuration, one against a system slowed by a
 * configuration knob (scrypt cost N 4096 → 32768, eight times the work per password hash).
 * compare must pass the first pair and fail the second.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readRunResult } from '@headroom/scenarios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ExitCode } from '../src/exit-codes.js';
import { ADMIN_TOKEN, headroom, startServe, tinyPlan, writePlan } from './run-helpers.js';

let dir: string;
const servers: ChildProcess[] = [];
const results: Record<'base' | 'same' | 'slow', string> = { base: '', same: '', slow: '' };

/**
 * 1,000 sessions living 100 s: 10 logins/s, each one real scrypt hash on the server. The
 * SLO gates are off: this test is about compare, and 80 Poisson arrivals miss a 99%
 * achieved-rate gate by chance.
 */
const loginsPlan = (url: string): Record<string, unknown> =>
  tinyPlan({
    name: 'logins-gate',
    duration: '8s',
    loadScale: 1,
    capacity: { activeSessions: 1000 },
    target: { kind: 'url', url, adminToken: ADMIN_TOKEN },
    workloads: [{ kind: 'logins', sessionLifetime: '100s', users: 50, slo: { gate: false } }],
  });

/** One run of the plan; its results.json. */
async function measure(name: string, plan: string): Promise<string> {
  const out = join(dir, name);
  const run = await headroom(['run', '--plan', plan, '--out', out]);
  if (run.code !== ExitCode.OK)
    throw new Error(`the ${name} run exited ${run.code}:\n${run.stderr}\n${run.stdout}`);
  const result = await readRunResult(join(out, 'results.json'));
  const w = result.steps[0].workloads[0];
  console.log(
    `${name} run: ${(run.ms / 1000).toFixed(1)} s, logins p50 ${w.latency.corrected.p50} ms` +
      (w.generator.bound ? `, generator-bound (${w.generator.reasons.join('; ')})` : ''),
  );
  return join(out, 'results.json');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-compare-e2e-'));
  const fast = await startServe(join(dir, 'fast-data'), [
    '--admin-token',
    ADMIN_TOKEN,
    '--hash-cost',
    '4096',
  ]);
  const slow = await startServe(join(dir, 'slow-data'), [
    '--admin-token',
    ADMIN_TOKEN,
    '--hash-cost',
    '32768',
  ]);
  servers.push(fast.child, slow.child);
  const fastPlan = await writePlan(dir, 'fast.json', loginsPlan(fast.url));
  const slowPlan = await writePlan(dir, 'slow.json', loginsPlan(slow.url));
  results.base = await measure('base', fastPlan);
  results.same = await measure('same', fastPlan);
  results.slow = await measure('slow', slowPlan);
}, 120_000);

afterAll(async () => {
  for (const s of servers) s.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('headroom compare on measured runs', () => {
  it('finds no regression between two runs of the same build', async () => {
    const result = await headroom(['compare', results.base, results.same]);
    console.log(result.stdout);
    expect(result.code, result.stdout).toBe(ExitCode.OK);
    expect(result.stdout.split('\n')[0]).toBe('## headroom compare: ✅ no regression');
  });

  it('flags the login latency of the slowed system', async () => {
    const result = await headroom(['compare', results.base, results.slow, '--json']);
    expect(result.code).toBe(ExitCode.THRESHOLDS_FAILED);
    const comparison = JSON.parse(result.stdout) as {
      verdict: string;
      rows: { workload: string; metrics: { metric: string; verdict: string; change: number }[] }[];
    };
    expect(comparison.verdict).toBe('regression');
    const logins = comparison.rows.find((r) => r.workload === 'logins')!;
    const p50 = logins.metrics.find((m) => m.metric === 'p50')!;
    expect(p50.verdict).toBe('regression');
    expect(p50.change).toBeGreaterThan(1); // eight times the hashing: well over +100%
    expect(logins.metrics.find((m) => m.metric === 'throughput')!.verdict).not.toBe('regression');
  });
});
