import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ExitCode } from '../src/exit-codes.js';

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));
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

/** The 32 measurements from the tests of the Go library codahale/usl. */
const CODAHALE = [
  955.16, 1878.91, 2688.01, 3548.68, 4315.54, 5130.43, 5931.37, 6531.08, 7219.8, 7867.61, 8278.71, 8646.7,
  9047.84, 9426.55, 9645.37, 9897.24, 10097.6, 10240.5, 10532.39, 10798.52, 11151.43, 11518.63, 11806,
  12089.37, 12075.41, 12177.29, 12211.41, 12158.93, 12155.27, 12118.04, 12140.4, 12074.39,
];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-cli-usl-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function csv(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('headroom model usl', () => {
  it('reproduces the codahale/usl reference fit as JSON', async () => {
    const points = await csv(
      'points.csv',
      `concurrency,throughput\n${CODAHALE.map((x, i) => `${i + 1},${x}`).join('\n')}\n`,
    );
    const result = await headroom('model', 'usl', points, '--json');
    expect(result.code).toBe(ExitCode.OK);
    const fit = JSON.parse(result.stdout) as Record<string, number>;
    expect(Math.abs(fit.sigma / 0.02671591 - 1)).toBeLessThan(1e-4);
    expect(Math.abs(fit.kappa / 7.690945e-4 - 1)).toBeLessThan(1e-4);
    expect(Math.abs(fit.lambda / 995.6486 - 1)).toBeLessThan(1e-4);
    expect(fit.maxConcurrency).toBe(35);
    expect(Math.abs(fit.maxThroughput / 12341.745 - 1)).toBeLessThan(1e-4);
    expect(fit).toHaveProperty('standardErrors');
    expect(fit).toHaveProperty('rSquared');
  });

  it('prints the coefficients, predictions and what a target takes', async () => {
    const points = await csv('points.csv', `${CODAHALE.map((x, i) => `${i + 1},${x}`).join('\n')}\n`);
    const result = await headroom('model', 'usl', points, '--target', '20000');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toMatch(/σ \(contention\)\s+0\.0267159/);
    expect(result.stdout).toMatch(/N\* \(peak concurrency\)\s+35\n/);
    expect(result.stdout).toMatch(/X_max = X\(N\*\)\s+12,341\.7\/s/);
    expect(result.stdout).toMatch(/128\s+7,543\.\d\/s\s+\(extrapolated\)/);
    expect(result.stdout).toContain('2 shared-nothing instances reach 20,000/s');
  });

  it.each([
    { name: 'a bad value, with its line', text: '1,955\n2,abc\n', message: 'error [INVALID_CSV]: ' },
    {
      name: 'too few points',
      text: '1,955\n2,1800\n3,2600\n',
      message: 'error [USL_INPUT]: the USL fit needs at least 6',
    },
  ])('refuses $name', async ({ text, message }) => {
    const result = await headroom('model', 'usl', await csv('bad.csv', text));
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toContain(message);
  });

  it('names the line of a bad row', async () => {
    const path = await csv('bad.csv', '1,955\n2,abc\n');
    expect((await headroom('model', 'usl', path)).stderr).toContain(
      `${path}:2: throughput must be a number ≥ 0, got "abc"`,
    );
  });

  it('refuses a target that is not a positive number', async () => {
    const points = await csv('points.csv', `${CODAHALE.map((x, i) => `${i + 1},${x}`).join('\n')}\n`);
    const result = await headroom('model', 'usl', points, '--target', 'lots');
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toContain('expected a positive throughput per second, got "lots"');
  });
});
