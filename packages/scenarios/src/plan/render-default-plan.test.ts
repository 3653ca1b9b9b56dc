import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

import { defaultPlan, loadPlan, parsePlanText } from './load-plan.js';
import { renderDefaultPlanYaml } from './render-default-plan.js';

describe('renderDefaultPlanYaml', () => {
  const text = renderDefaultPlanYaml();

  it('is a plan file loadPlan accepts unchanged, resolving to the default plan', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'headroom-init-'));
    try {
      const file = join(dir, 'headroom.yaml');
      await writeFile(file, text);
      const loaded = await loadPlan(file);
      expect(loaded.source).toBe(file);
      expect({ ...loaded, source: 'default' }).toEqual(defaultPlan());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('explains its fields in comments', () => {
    const doc = parseDocument(text);
    expect(doc.errors).toEqual([]);
    const lines = text.split('\n');
    const commented = lines.filter((line) => line.includes('#')).length;
    expect(commented).toBeGreaterThan(40);
    // Every top-level section is preceded or accompanied by a comment.
    for (const key of [
      'seed',
      'target',
      'capacity',
      'steps',
      'duration',
      'warmup',
      'workloads',
      'sweep',
      'isolated',
      'thresholds',
    ]) {
      const at = lines.findIndex((line) => line.startsWith(`${key}:`));
      expect(at, key).toBeGreaterThan(0);
      expect(lines[at]?.includes('#') || lines[at - 1]?.startsWith('#'), key).toBe(true);
    }
  });

  it('its commented-out examples are valid plan syntax once uncommented', () => {
    const previous = process.env['API_TOKEN'];
    process.env['API_TOKEN'] = 'token-for-test';
    try {
      const examples = [...text.matchAll(/^# {3}((?:orders|market-data|'\*'): .*)$/gm)].map(
        (m) => `  ${m[1]}`,
      );
      expect(examples).toHaveLength(3);
      const uncommented = text
        .replace(/^ {2}# (- kind: http| {2}\w+: .*)$/gm, '  $1')
        .replace('thresholds: {}', `thresholds:\n${examples.join('\n')}`);
      const plan = parsePlanText(uncommented, 'examples.yaml');
      const http = plan.workloads.find((w) => w.kind === 'http');
      expect(http?.name).toBe('place-order');
      expect(http?.options).toMatchObject({
        method: 'POST',
        url: '/v1/orders',
        headers: { Authorization: 'Bearer {{env API_TOKEN}}' },
      });
      expect(
        plan.thresholds.filter((t) => t.source === 'plan').map((t) => `${t.workload}: ${t.expression}`),
      ).toEqual([
        'orders: p(99.9) < 100ms',
        'orders: rate >= 0.99 * target',
        'orders: avg < 5ms',
        'market-data: gaps == 0',
        '*: errors < 0.1%',
      ]);
    } finally {
      if (previous === undefined) delete process.env['API_TOKEN'];
      else process.env['API_TOKEN'] = previous;
    }
  });
});
