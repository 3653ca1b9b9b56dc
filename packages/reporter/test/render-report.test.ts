import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { analyze } from '../src/analysis/analyze.js';
import { ReportWriteError } from '../src/errors.js';
import { loadRunResult } from '../src/load/load-run-result.js';
import { renderReport } from '../src/render/render-report.js';
import { fixture } from './fixtures.js';
import { hostileRun } from './support/hostile-run.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'headroom-report-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function scripts(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
}

describe('renderReport', () => {
  it.each(['reference-run.json', 'interrupted-run.json'])(
    'renders the golden %s into four files',
    async (name) => {
      const run = await loadRunResult(fixture(name));
      const out = await tempDir();
      const files = await renderReport(analyze(run), run, out);
      const html = await readFile(files.index, 'utf8');

      expect(JSON.parse(await readFile(files.results, 'utf8'))).toEqual(run);
      expect(html).toMatch(
        /<meta\s+http-equiv="Content-Security-Policy"\s+content="default-src 'none'; script-src 'unsafe-inline';/,
      );
      // Self-contained: no attribute loads or links anything outside the page.
      expect(html).not.toMatch(/\b(src|href)="(?!#)/);
      expect(scripts(html)).toEqual([
        '<script>',
        '<script type="application/json" id="chart-data">',
        '<script>',
      ]);
      // Every canvas has its chart configuration, and nothing else is configured.
      const ids = [...html.matchAll(/<canvas\s+data-chart="([^"]+)"/g)].map((m) => m[1]);
      const data = html.match(/<script type="application\/json" id="chart-data">(.*?)<\/script>/s)![1];
      expect(Object.keys(JSON.parse(data) as object).sort()).toEqual([...ids].sort());
      expect(ids.length).toBeGreaterThan(4);

      const summary = await readFile(files.summary, 'utf8');
      expect(summary).toMatch(new RegExp(`^## headroom capacity report: ${run.plan.name}\\n`));
      const junit = await readFile(files.junit, 'utf8');
      expect(junit.match(/<testcase /g)).toHaveLength(run.thresholds.length);
    },
  );

  it('puts the verdicts first and marks an incomplete run', async () => {
    const reference = await loadRunResult(fixture('reference-run.json'));
    const html = await readFile(
      (await renderReport(analyze(reference), reference, await tempDir())).index,
      'utf8',
    );
    const summaryAt = html.indexOf('id="summary"');
    expect(summaryAt).toBeGreaterThan(0);
    expect(summaryAt).toBeLessThan(html.indexOf('id="load"'));
    expect(html).toContain('<div class="verdict misses" id="verdict">Misses the 10x target</div>');
    expect(html).not.toContain('incomplete-banner');

    const interrupted = await loadRunResult(fixture('interrupted-run.json'));
    const partial = await readFile(
      (await renderReport(analyze(interrupted), interrupted, await tempDir())).index,
      'utf8',
    );
    expect(partial).toContain(
      '<div class="banner incomplete" role="alert" id="incomplete-banner"><strong>Incomplete run (interrupted).</strong>',
    );
    expect(partial).toContain('No model: the sweep measured 4 usable points');
  });

  it('renders hostile strings from the target and the plan as inert text', async () => {
    const run = hostileRun();
    const files = await renderReport(analyze(run), run, await tempDir());
    const html = await readFile(files.index, 'utf8');
    expect(scripts(html)).toHaveLength(3);
    expect(html).not.toMatch(/<(img|svg)\b/i);
    expect(html).not.toMatch(/<script>window\.__pwned/);
    // handlebars escapes = as well: &#x3D;
    expect(html).toContain('&lt;script&gt;window.__pwned &#x3D; 1;');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;&quot;window.__pwned &#x3D; 2;');
    const md = await readFile(files.summary, 'utf8');
    expect(md).not.toMatch(/<(img|svg|script)\b/i);
    const junit = await readFile(files.junit, 'utf8');
    expect(junit).not.toMatch(/<(img|svg|script)\b/i);
  });

  it('renders an aborted run that measured nothing', async () => {
    const base = await loadRunResult(fixture('interrupted-run.json'));
    const run = {
      ...base,
      status: 'aborted' as const,
      statusReason: 'The target stopped answering during the warm-up of the 1x step.',
      steps: [],
      sweep: null,
      thresholds: [],
      target: { ...base.target, failure: { atStep: 0, message: 'ECONNREFUSED 127.0.0.1:8080' } },
    };
    const html = await readFile((await renderReport(analyze(run), run, await tempDir())).index, 'utf8');
    expect(html).toContain('Incomplete run (aborted).');
    expect(html).toContain('The target failed at step 0: ECONNREFUSED 127.0.0.1:8080');
    expect(html).not.toContain('<canvas');
  });

  it('reports an output directory it cannot create', async () => {
    const run = await loadRunResult(fixture('interrupted-run.json'));
    const blocker = join(await tempDir(), 'file');
    await renderReport(analyze(run), run, blocker); // creates blocker/ as a directory …
    const error = await renderReport(analyze(run), run, join(blocker, 'index.html', 'x')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReportWriteError);
    expect((error as ReportWriteError).code).toBe('REPORT_WRITE_FAILED');
  });
});
