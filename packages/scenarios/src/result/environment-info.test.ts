import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { emptyLatencyResult, emptyLatencySummary } from './empty-latency-summary.js';
import { environmentInfo, openFileLimit } from './environment-info.js';

describe('environmentInfo', () => {
  it('describes this machine', () => {
    const info = environmentInfo();
    expect(info.node).toBe(process.version);
    expect(info.cpus).toBe(os.cpus().length);
    expect(info.totalMemoryBytes).toBe(os.totalmem());
    expect(info.cpuModel.length).toBeGreaterThan(0);
    if (process.platform === 'linux') expect(info.openFileLimit).toBeGreaterThan(0);
  });
});

describe('openFileLimit', () => {
  it.each([
    ['Max open files            20000                20000                files     \n', 20000],
    ['Max open files            unlimited            unlimited            files     \n', null],
    ['Max processes             63000                63000                processes \n', null],
  ])('reads %j', async (content, expected) => {
    const dir = await mkdtemp(join(os.tmpdir(), 'headroom-limits-'));
    try {
      const file = join(dir, 'limits');
      await writeFile(
        file,
        `Limit                     Soft Limit           Hard Limit           Units     \n${content}`,
      );
      expect(openFileLimit(file)).toBe(expected);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is null where /proc does not exist', () => {
    expect(openFileLimit('/nonexistent/limits')).toBeNull();
  });
});

describe('emptyLatencySummary', () => {
  it('is all zeros, valid JSON numbers', () => {
    expect(Object.values(emptyLatencySummary()).every((v) => v === 0)).toBe(true);
    expect(emptyLatencyResult()).toMatchObject({ correctedHistogram: '', rawHistogram: '' });
  });
});
