/**
 * `headroom run --quick` end to end, as CI runs it: the real binary starts the bundled
 * reference system, drives every workload, writes the four report files, stops the
 * system and exits 0. Then the report is opened in a real browser.
 *
 * The plan is the default one with its SLO gates turned off and one threshold that
 * always holds: whether orders keep p99 under 25 ms on a 2-core machine shared with other
 * work is a capacity finding, not something this test can promise. The gates themselves
 * are tested in run-gates.test.ts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readRunResult, validateRunResult } from '@headroom/scenarios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ExitCode } from '../src/exit-codes.js';
import { checkInBrowser, chromiumAvailable, headroom, writePlan, type Finished } from './run-helpers.js';

const KINDS = ['orders', 'market-data', 'registrations', 'logins', 'sessions'];

let dir: string;
let out: string;
let result: Finished;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-run-quick-'));
  out = join(dir, 'report');
  const plan = await writePlan(dir, 'default-ungated.json', {
    workloads: KINDS.map((kind) => ({ kind, slo: { gate: false } })),
    thresholds: { '*': ['errors <= 100%'] },
  });
  result = await headroom(['run', '--quick', '--plan', plan, '--out', out, '--json']);
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('headroom run --quick', () => {
  it('exits 0 and prints one JSON object with the verdict, the thresholds and the paths', () => {
    console.log(`run --quick took ${(result.ms / 1000).toFixed(1)} s`);
    expect(result.code, result.stderr).toBe(ExitCode.OK);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      status: 'complete',
      exitCode: 0,
      thresholds: { failed: 0 },
      report: {
        index: join(out, 'index.html'),
        results: join(out, 'results.json'),
        summary: join(out, 'summary.md'),
        junit: join(out, 'junit.xml'),
      },
    });
    expect((json as { thresholds: { passed: number } }).thresholds.passed).toBeGreaterThan(0);
  });

  it('says up front how long it will take, then one line per step (CI is set)', () => {
    expect(result.stderr).toMatch(
      /^about \d+s of load \(4 steps \d+s, sweep up to \d+s\), plus start-up and provisioning$/m,
    );
    for (const [i, m] of [1, 2, 5, 10].entries())
      expect(result.stderr).toMatch(
        new RegExp(
          `^\\[${i + 1}/4\\] ${m}x mixed: orders, market-data, registrations, logins, sessions`,
          'm',
        ),
      );
    expect(result.stderr).not.toContain('\x1b[');
  });

  it('writes a valid RunResult that exercised every workload at every step, and stopped the system', async () => {
    const run = validateRunResult(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
    expect(run.status).toBe('complete');
    expect(run.plan.quick).toBe(true);
    expect(run.steps.map((s) => s.multiplier)).toEqual([1, 2, 5, 10]);
    for (const step of run.steps) {
      expect(step.workloads.map((w) => w.workload).sort()).toEqual([...KINDS].sort());
    }
    expect(run.sweep?.points.length).toBeGreaterThan(0);
    expect(run.target.kind).toBe('bundled');
    // The bundled system is gone: its port refuses connections.
    await expect(fetch(`${run.target.url}/health`)).rejects.toThrow();
  });

  it('writes summary.md and a junit.xml with one test case per threshold', async () => {
    const run = await readRunResult(join(out, 'results.json'));
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit).toContain(`tests="${run.thresholds.length}" failures="0"`);
    expect(junit.match(/<testcase /g)?.length).toBe(run.thresholds.length);
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toMatch(/^## headroom capacity report: default/);
  });

  it.skipIf(!chromiumAvailable)(
    'opens offline in Chromium: every chart drawn, no error, no request',
    async () => {
      const check = await checkInBrowser(join(out, 'index.html'));
      expect(check.canvases.length).toBeGreaterThan(5);
      for (const c of check.canvases) expect(c.painted, c.id).toBeGreaterThan(1000);
      expect(check.errors).toEqual([]);
      expect(check.requests).toEqual([]);
      expect(check.incompleteBanner).toBe(false);
    },
    60_000,
  );
});
