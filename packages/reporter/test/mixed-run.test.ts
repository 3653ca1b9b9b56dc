/**
 * The real mixed run (scenarios/test/fixtures/mixed-run.json, measured against the
 * reference system): the analysis judges only its mixed steps, sparse workloads are not
 * judged on noise, an explicit rate is what its row is judged against, and the isolated
 * runs render apart from the mixed steps they share a multiplier with.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { analyze } from '../src/analysis/analyze.js';
import { loadRunResult } from '../src/load/load-run-result.js';
import { renderReport } from '../src/render/render-report.js';
import { MIXED_RUN } from './fixtures.js';

const run = await loadRunResult(MIXED_RUN);
const a = analyze(run);
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('analyze: the real mixed run', () => {
  it('judges the three mixed steps only', () => {
    expect(run.steps.filter((s) => s.phase === 'isolated')).toHaveLength(2);
    for (const w of a.workloads) expect(w.steps.map((s) => s.multiplier)).toEqual([1, 2, 5]);
    const orders = a.workloads.find((w) => w.workload === 'orders')!;
    // the mixed 1x, not the isolated 1x orders run (p99 7.7 ms), is what failed
    expect(orders.crossing!.multiplier).toBe(1);
    expect(orders.steps[0].p99Ms).toBe(
      run.steps.find((s) => s.phase === 'mixed')!.workloads[0].latency.corrected.p99,
    );
  });

  it('does not judge a workload on a handful of operations', () => {
    const registrations = a.workloads.find((w) => w.workload === 'registrations')!;
    const logins = a.workloads.find((w) => w.workload === 'logins')!;
    // 0.5/s and 1/s over ~3.5 s; 0.28/s and 0.56/s: all fewer than 5 operations
    expect(registrations.tooFew).toEqual([1, 2]);
    expect(logins.tooFew).toEqual([1, 2]);
    expect(logins.crossing).toBeNull();
    expect(a.headline.sentences.join(' ')).not.toMatch(/logins fails|registrations fails/);
  });

  it('judges the registrations row against the rate the plan gave it, and says so', () => {
    const row = a.targetGap.rows.find((r) => r.key === 'registrationsPeak')!;
    const targeted = run.steps.filter((s) => s.phase === 'mixed').map((s) => s.workloads[2].targetRate);
    expect(row.baseline).toBe(0.5);
    expect(row.cells.map((c) => c.required)).toEqual([...targeted, 5]);
    expect(row.cells.map((c) => c.verdict)).toEqual(['too-few', 'too-few', 'generator-bound', 'not-tested']);
    expect(row.note).toMatch(
      /^Judged against the rate registrations actually targeted \(ratePerSecond 5 in the plan/,
    );
    expect(row.note).toContain("not the capacity table's 0.00579 registrations/s");
    // rows whose workload runs at the capacity table's rate keep it, with no note
    const orders = a.targetGap.rows.find((r) => r.key === 'ordersPerSecond')!;
    expect([orders.baseline, orders.note]).toEqual([200, null]);
  });
});

describe('render: the real mixed run', () => {
  it('labels every step with its phase, mixed first, isolated runs in their own section', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'headroom-mixed-'));
    dirs.push(dir);
    const files = await renderReport(a, run, dir);
    const html = await readFile(files.index, 'utf8');
    const titles = [...html.matchAll(/<h4>([^<]+?) <span class="sub">/g)].map((m) => m[1]);
    expect(titles).toEqual(['1x mixed', '2x mixed', '5x mixed', '1x market-data alone', '1x orders alone']);
    const isolatedAt = html.indexOf('id="steps-isolated"');
    expect(html.indexOf('id="steps-mixed"')).toBeLessThan(html.indexOf('<h4>1x mixed'));
    expect(isolatedAt).toBeGreaterThan(html.indexOf('<h4>5x mixed'));
    expect(isolatedAt).toBeLessThan(html.indexOf('<h4>1x market-data alone'));

    const data = JSON.parse(
      html.match(/<script type="application\/json" id="chart-data">(.*?)<\/script>/s)![1],
    ) as Record<string, { data: { labels?: string[]; datasets: { data: unknown[] }[] }; options: unknown }>;
    const ids = [...html.matchAll(/<canvas\s+data-chart="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(data).sort()).toEqual([...ids].sort());
    // one timeline per step, the isolated ones included, each with its own id
    expect(ids.filter((id) => id.startsWith('timeline-'))).toHaveLength(5);
    expect(JSON.stringify(data['timeline-4'].options)).toContain('1x orders alone: timeline');
    // load charts read the mixed steps only: three points, never an isolated 1x
    expect(data['latency-0'].data.labels).toEqual(['1x', '2x', '5x']);
    expect(data['throughput-0'].data.datasets[0].data).toHaveLength(3);

    expect(html).toContain('too few to judge');
    expect(html).toContain('Judged against the rate registrations actually targeted');
    const md = await readFile(files.summary, 'utf8');
    expect(md).toContain(
      '- Registrations (peak rate): Judged against the rate registrations actually targeted',
    );
  });
});
