import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadPlan } from './load-plan.js';
import { renderDefaultPlanYaml } from './render-default-plan.js';
import { writeDefaultPlan } from './write-default-plan.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-init-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeDefaultPlan', () => {
  it('writes the commented default plan, which loads', async () => {
    const file = join(dir, 'headroom.yaml');
    await writeDefaultPlan(file);
    expect(await readFile(file, 'utf8')).toBe(renderDefaultPlanYaml());
    expect((await loadPlan(file)).name).toBe('default');
  });

  it('refuses to overwrite without force, and keeps the file', async () => {
    const file = join(dir, 'headroom.yaml');
    await writeFile(file, 'name: mine\n');
    await expect(writeDefaultPlan(file)).rejects.toMatchObject({
      code: 'PLAN_EXISTS',
      category: 'usage',
      message: `${file} already exists; pass --force to overwrite it`,
    });
    expect(await readFile(file, 'utf8')).toBe('name: mine\n');
  });

  it('overwrites with force, leaving no temporary file', async () => {
    const file = join(dir, 'headroom.yaml');
    await writeFile(file, 'name: mine\n');
    await writeDefaultPlan(file, { force: true });
    expect(await readFile(file, 'utf8')).toBe(renderDefaultPlanYaml());
    expect(await readdir(dir)).toEqual(['headroom.yaml']);
  });

  it('names a directory that does not exist', async () => {
    await expect(writeDefaultPlan(join(dir, 'missing', 'plan.yaml'))).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      message: expect.stringMatching(/ENOENT/),
    });
  });
});
