import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { loadPlan } from '@headroom/scenarios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ExitCode } from '../src/exit-codes.js';

const run = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const exec = promisify(execFile);

async function headroom(
  cwd: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [run, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-cli-init-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('headroom init', () => {
  it('writes headroom.yaml, a plan that loads', async () => {
    const result = await headroom(dir, 'init');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('wrote headroom.yaml');
    const plan = await loadPlan(join(dir, 'headroom.yaml'));
    expect(plan.steps).toEqual([1, 2, 5, 10]);
  });

  it('refuses to overwrite without --force (usage exit code), and overwrites with it', async () => {
    await writeFile(join(dir, 'plan.yaml'), 'name: mine\n');
    const refused = await headroom(dir, 'init', 'plan.yaml');
    expect(refused.code).toBe(ExitCode.USAGE);
    expect(refused.stderr).toContain(
      'error [PLAN_EXISTS]: plan.yaml already exists; pass --force to overwrite it',
    );
    expect(await readFile(join(dir, 'plan.yaml'), 'utf8')).toBe('name: mine\n');

    const forced = await headroom(dir, 'init', 'plan.yaml', '--force');
    expect(forced.code).toBe(ExitCode.OK);
    expect(await readFile(join(dir, 'plan.yaml'), 'utf8')).toMatch(/^# headroom capacity plan/);
  });
});
