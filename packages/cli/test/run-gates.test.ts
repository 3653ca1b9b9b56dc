/**
 * How `headroom run` ends, through the real binary: each documented exit code with the
 * report (or the message) that goes with it. Plans are tiny (orders only, one step of a
 * few seconds at 10% load) so each case costs seconds.
 */
import type { ChildProcess } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readRunResult } from '@headroom/scenarios';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ExitCode } from '../src/exit-codes.js';
import { ADMIN_TOKEN, headroom, startHeadroom, startServe, tinyPlan, writePlan } from './run-helpers.js';

let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-run-gates-'));
});
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('headroom run: usage errors exit 2 before anything starts', () => {
  it('lists every problem of a plan as path: message', async () => {
    const plan = await writePlan(dir, 'broken.json', {
      steps: [0, 2],
      duration: 'forever',
      workloads: [
        { kind: 'orders', mix: { limit: 0.5, marketable: 0.1, cancel: 0.1 } },
        { kind: 'teleport' },
      ],
    });
    const out = join(dir, 'never-written');
    const result = await headroom(['run', '--plan', plan, '--out', out]);
    expect(result.code).toBe(ExitCode.USAGE);
    const problems = result.stderr.split('\n').filter((l) => l.startsWith(plan));
    expect(problems.length).toBeGreaterThanOrEqual(4);
    for (const line of problems) expect(line).toMatch(/^\S+:\d+:\d+ \S+: .+/);
    for (const path of ['steps[0]', 'duration', 'workloads[0].mix', 'workloads[1].kind'])
      expect(result.stderr).toContain(` ${path}: `);
    await expect(access(out)).rejects.toThrow();
  });

  it('refuses a non-loopback target without --allow-host, at once, sending nothing', async () => {
    const out = join(dir, 'refused');
    const result = await headroom(['run', '--target', 'http://10.1.2.3:9', '--out', out]);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toMatch(
      /^--target: 10\.1\.2\.3 is not a loopback address; .*--allow-host: 10\.1\.2\.3\)$/m,
    );
    // Refused during plan validation: no report directory, no system started, and no
    // time spent on a connection (node and oclif start-up only).
    await expect(access(out)).rejects.toThrow();
    expect(result.ms).toBeLessThan(15_000);
    console.log(`non-loopback target refused after ${result.ms} ms (process start included)`);
  });

  it('refuses a host other than the one allowed', async () => {
    const result = await headroom(['run', '--target', 'http://10.1.2.3:9', '--allow-host', '10.9.9.9']);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toMatch(/host 10\.1\.2\.3 is not the allowed host 10\.9\.9\.9/);
  });
});

describe('headroom run: gates on what was measured', () => {
  it('exits 1 on a failing threshold, and junit.xml carries the measured value', async () => {
    const plan = await writePlan(
      dir,
      'impossible.json',
      tinyPlan({ thresholds: { orders: ['p(99) < 0.001ms'] } }),
    );
    const out = join(dir, 'impossible');
    const result = await headroom(['run', '--plan', plan, '--out', out]);
    expect(result.code, result.stderr).toBe(ExitCode.THRESHOLDS_FAILED);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    const failure =
      /<testcase classname="headroom\.orders" name="1x: p\(99\) &lt; 0\.001ms">\s*<failure type="threshold" message="([^"]+)">([^<]+)<\/failure>/.exec(
        junit,
      );
    expect(failure, junit).not.toBeNull();
    const run = await readRunResult(join(out, 'results.json'));
    const outcome = run.thresholds.find((t) => t.expression === 'p(99) < 0.001ms')!;
    expect(outcome.passed).toBe(false);
    expect(outcome.observed).toBeGreaterThan(0.001);
    expect(failure![2]).toContain(`observed ${outcome.observed}, limit 0.001`);
    expect(result.stdout).toMatch(/✗ orders at 1x: p\(99\) < 0\.001ms — p\(99\) was/);
    expect(result.stdout).toMatch(/exit 1: \d+ of \d+ thresholds failed/);
  });

  it('stops at once on SIGINT, writes the partial report marked interrupted, exits 130', async () => {
    const plan = await writePlan(dir, 'long.json', tinyPlan({ steps: [1, 2], duration: '30s' }));
    const out = join(dir, 'interrupted');
    const running = startHeadroom(['run', '--plan', plan, '--out', out]);
    children.push(running.child);
    await running.waitForStderr(/^\[1\/2\] 1x mixed/);
    await new Promise((resolve) => setTimeout(resolve, 3000)); // into the measured part of the step
    const sentAt = Date.now();
    running.child.kill('SIGINT');
    const result = await running.finished;
    const stopMs = Date.now() - sentAt;
    console.log(`SIGINT → exit after ${stopMs} ms (report written, system stopped)`);
    expect(result.code, result.stderr).toBe(ExitCode.INTERRUPTED);
    expect(stopMs).toBeLessThan(20_000);
    const run = await readRunResult(join(out, 'results.json'));
    expect(run.status).toBe('interrupted');
    expect(run.statusReason).toMatch(/SIGINT/);
    expect(run.steps.length).toBeLessThanOrEqual(1);
    expect(run.steps.every((s) => s.durationSeconds < 30)).toBe(true);
    await access(join(out, 'index.html'));
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toContain('Incomplete run (interrupted)');
    expect(result.stdout).toContain('INCOMPLETE (interrupted');
    await expect(fetch(`${run.target.url}/health`)).rejects.toThrow();
  });

  it('reports a target that dies mid-run and exits 3', async () => {
    const serve = await startServe(join(dir, 'serve-data'), ['--admin-token', ADMIN_TOKEN, '--fsync', 'off']);
    children.push(serve.child);
    const plan = await writePlan(
      dir,
      'dies.json',
      tinyPlan({
        steps: [1, 2],
        duration: '30s',
        target: { kind: 'url', url: serve.url, adminToken: ADMIN_TOKEN },
      }),
    );
    const out = join(dir, 'died');
    const running = startHeadroom(['run', '--plan', plan, '--out', out]);
    children.push(running.child);
    await running.waitForStderr(/^\[1\/2\] 1x mixed/);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    serve.child.kill('SIGKILL');
    const result = await running.finished;
    expect(result.code, result.stderr).toBe(ExitCode.TARGET_UNAVAILABLE);
    const run = await readRunResult(join(out, 'results.json'));
    expect(run.status).toBe('aborted');
    expect(run.target.failure).not.toBeNull();
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toContain('Incomplete run (aborted)');
    expect(result.stdout).toMatch(/INCOMPLETE \(aborted/);
    expect(result.stdout).toMatch(/exit 3: /);
  });
});
