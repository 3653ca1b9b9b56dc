import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

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

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-cli-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('headroom report', () => {
  it('re-renders the committed fixture and prints the path of index.html', async () => {
    const result = await headroom('report', join(fixtures, 'reference-run.json'), '--out', dir);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toBe(`${join(dir, 'index.html')}\n`);
    for (const f of ['index.html', 'results.json', 'summary.md', 'junit.xml']) await access(join(dir, f));
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain('**Misses the 10x target**');
  });

  it('describes what it wrote with --json', async () => {
    const result = await headroom('report', join(fixtures, 'interrupted-run.json'), '-o', dir, '--json');
    expect(result.code).toBe(ExitCode.OK);
    expect(JSON.parse(result.stdout)).toMatchObject({
      index: join(dir, 'index.html'),
      verdict: 'inconclusive',
      sustainedMultiplier: 2,
      bottleneck: null,
    });
  });

  it.each([
    {
      file: 'broken/wrong-types.json',
      message:
        /error \[INVALID_RESULTS\]: .*wrong-types\.json is not a valid RunResult[\s\S]*steps\[1\]\.multiplier/,
    },
    { file: 'broken/wrong-schema-version.json', message: /error \[INVALID_RESULTS\]: .*schemaVersion/ },
    {
      file: 'broken/truncated.json',
      message: /error \[INVALID_RESULTS\]: .*truncated\.json:\d+:\d+ is not valid JSON/,
    },
    {
      file: 'missing.json',
      message: /error \[RESULTS_NOT_FOUND\]: results file .*missing\.json does not exist/,
    },
  ])('refuses $file with a usage error', async ({ file, message }) => {
    const result = await headroom('report', join(fixtures, file), '--out', dir);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toMatch(message);
  });
});
