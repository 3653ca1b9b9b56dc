/**
 * `headroom compare` as a user runs it: the real binary on real results files. The
 * slowed head here is the committed reference run with every orders latency recorded
 * 1.5× longer (its histograms decoded and re-recorded value by value), so the regression
 * is known exactly; run-e2e.test.ts compares runs measured against the reference system.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  readRunResult,
  type RunResult,
  type WorkloadStepResult,
} from '@headroom/scenarios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ExitCode } from '../src/exit-codes.js';

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../../reporter/test/fixtures/', import.meta.url));
const exec = promisify(execFile);

async function headroom(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The slice of hdr-histogram-js's JS histogram used to walk its recorded values. */
interface Walkable {
  recordedValuesIterator: {
    reset(): void;
    hasNext(): boolean;
    next(): { valueIteratedTo: number; countAtValueIteratedTo: number };
  };
}

/** Every recorded value × factor, recorded into a real histogram again. */
function scaleHistogram(encoded: string, factor: number): string {
  const source = decodeHistogram(encoded);
  const scaled = createLatencyHistogram();
  const values = (source as unknown as Walkable).recordedValuesIterator;
  values.reset();
  while (values.hasNext()) {
    const v = values.next();
    scaled.recordValueWithCount(Math.round(v.valueIteratedTo * factor), v.countAtValueIteratedTo);
  }
  return encodeHistogram(scaled);
}

function slowOrders(run: RunResult, factor: number): RunResult {
  const slow = (w: WorkloadStepResult): WorkloadStepResult =>
    w.name !== 'orders'
      ? w
      : {
          ...w,
          latency: { ...w.latency, correctedHistogram: scaleHistogram(w.latency.correctedHistogram, factor) },
          timeline: w.timeline.map((p) => ({ ...p, p50Ms: p.p50Ms * factor, p99Ms: p.p99Ms * factor })),
        };
  return {
    ...run,
    runId: `${run.runId}-slow`,
    steps: run.steps.map((s) => ({ ...s, workloads: s.workloads.map(slow) })),
  };
}

let dir: string;
const reference = join(fixtures, 'reference-run.json');
let slowed: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-cli-compare-'));
  slowed = join(dir, 'slowed.json');
  await writeFile(slowed, JSON.stringify(slowOrders(await readRunResult(reference), 1.5)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('headroom compare', () => {
  it('finds no regression between a run and itself', async () => {
    const result = await headroom('compare', reference, reference);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout.split('\n')[0]).toBe('## headroom compare: ✅ no regression');
  });

  it('fails on orders made 1.5× slower, naming them, and writes the Markdown', async () => {
    const md = join(dir, 'comparison.md');
    const result = await headroom('compare', reference, slowed, '--markdown', md);
    expect(result.code).toBe(ExitCode.THRESHOLDS_FAILED);
    expect(result.stdout.split('\n')[0]).toBe('## headroom compare: ❌ regression');
    expect(await readFile(md, 'utf8')).toBe(result.stdout);
    const flagged = result.stdout.split('\n').filter((l) => l.startsWith('| ❌ |'));
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((l) => l.startsWith('| ❌ | orders |'))).toBe(true);
  });

  it('lets the same change pass when it is allowed (--max-regression 60%), and prints JSON', async () => {
    const result = await headroom('compare', reference, slowed, '--max-regression', '60%', '--json');
    expect(result.code).toBe(ExitCode.OK);
    const json = JSON.parse(result.stdout) as { verdict: string; maxRegression: number; exitCode: number };
    expect(json).toMatchObject({ verdict: 'no-regression', maxRegression: 0.6, exitCode: 0 });
  });

  it.each([
    {
      why: 'not a RunResult',
      head: join(fixtures, 'broken/wrong-types.json'),
      flags: [],
      message: /INVALID_RESULTS/,
    },
    {
      why: 'missing',
      head: join(tmpdir(), 'headroom-no-such-results.json'),
      flags: [],
      message: /RESULTS_NOT_FOUND/,
    },
    {
      why: 'a bad threshold',
      head: reference,
      flags: ['--max-regression', 'lots'],
      message: /expected a percentage/,
    },
  ])('refuses bad input with exit 2: $why', async ({ head, flags, message }) => {
    const result = await headroom('compare', reference, head, ...flags);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toMatch(message);
  });

  it('refuses two runs with nothing in common', async () => {
    const run = await readRunResult(reference);
    const other = join(dir, 'other.json');
    await writeFile(
      other,
      JSON.stringify({ ...run, steps: run.steps.map((s) => ({ ...s, multiplier: s.multiplier * 3 })) }),
    );
    const result = await headroom('compare', reference, other);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toMatch(/error \[NOT_COMPARABLE\]: the runs have no step and workload in common/);
  });
});
