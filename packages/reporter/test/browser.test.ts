/**
 * The report in a real browser (Debian's Chromium, headless): it must open from file://
 * with no network, draw every chart, log no error, show the verdicts first, print, and
 * stay inert when the run is full of markup.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { RunResult } from '@headroom/scenarios';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { analyze } from '../src/analysis/analyze.js';
import { loadRunResult } from '../src/load/load-run-result.js';
import { renderReport } from '../src/render/render-report.js';
import { fixture, MIXED_RUN } from './fixtures.js';
import { hostileRun } from './support/hostile-run.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available)
  console.warn(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Opened {
  page: Page;
  /** console errors and uncaught exceptions */
  errors: string[];
  /** every URL the page asked for that is not the report file itself */
  requests: string[];
  dialogs: string[];
}

describe.skipIf(!available)('the report in Chromium', () => {
  let browser: Browser;
  let out: string;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    out = await mkdtemp(join(tmpdir(), 'headroom-browser-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  async function open(run: RunResult, name: string): Promise<Opened & { dir: string }> {
    const dir = join(out, name);
    const files = await renderReport(analyze(run), run, dir);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const opened = { page, dir, errors: [] as string[], requests: [] as string[], dialogs: [] as string[] };
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') opened.errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => opened.errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(files.index).href) opened.requests.push(r.url());
    });
    page.on('dialog', (d) => {
      opened.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(files.index).href, { waitUntil: 'load' });
    return opened;
  }

  /** The slice of the DOM's canvas these checks use (the package compiles without the DOM lib). */
  interface CanvasLike {
    width: number;
    height: number;
    dataset: { chart?: string };
    getContext(kind: '2d'): {
      getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
    };
  }

  /** Per canvas: its chart id and how many pixels it painted (alpha > 0). */
  async function paintedPixels(page: Page): Promise<{ id: string; painted: number; width: number }[]> {
    return page.$$eval('canvas[data-chart]', (canvases) =>
      canvases.map((c) => {
        const canvas = c as unknown as CanvasLike;
        const ctx = canvas.getContext('2d');
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
        return { id: canvas.dataset.chart ?? '', painted, width: canvas.width };
      }),
    );
  }

  it('draws every chart of the reference run offline, with no error and no request', async () => {
    const { page, errors, requests, dialogs } = await open(
      await loadRunResult(fixture('reference-run.json')),
      'reference',
    );
    const canvases = await paintedPixels(page);
    expect(canvases.length).toBe(18);
    for (const c of canvases) {
      expect(c.width, c.id).toBeGreaterThan(100);
      // axes, labels and lines: well beyond a blank or a bare frame
      expect(c.painted, c.id).toBeGreaterThan(5000);
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('draws every chart of the real mixed run, isolated timelines included', async () => {
    const { page, dir, errors, requests, dialogs } = await open(await loadRunResult(MIXED_RUN), 'mixed');
    const canvases = await paintedPixels(page);
    // per workload: throughput, latency, distribution (6 × 3); USL, utilisation; 5 timelines
    expect(canvases.map((c) => c.id).filter((id) => id.startsWith('timeline-'))).toHaveLength(5);
    expect(canvases.length).toBe(25);
    for (const c of canvases) {
      expect(c.width, c.id).toBeGreaterThan(100);
      expect(c.painted, c.id).toBeGreaterThan(5000);
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await page.locator('#steps h4').allInnerTexts()).toEqual([
      expect.stringMatching(/^1x mixed /),
      expect.stringMatching(/^2x mixed /),
      expect.stringMatching(/^5x mixed /),
      expect.stringMatching(/^1x market-data alone /),
      expect.stringMatching(/^1x orders alone /),
    ]);

    // The README's picture: the top of the real run's report, 1280 px wide.
    await page.screenshot({
      path: join(dir, 'report.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: 1700 },
    });
    await mkdir(join(REPO_ROOT, 'docs'), { recursive: true });
    await copyFile(join(dir, 'report.png'), join(REPO_ROOT, 'docs', 'report-screenshot.png'));
    await page.close();
  });

  it('shows the verdicts first, as a manager reads them', async () => {
    const { page } = await open(await loadRunResult(fixture('reference-run.json')), 'summary');
    const firstSection = await page.locator('main > section').first().getAttribute('id');
    expect(firstSection).toBe('summary');
    expect(await page.textContent('#verdict')).toBe('Misses the 10x target');
    expect(await page.isVisible('#verdict')).toBe(true);
    // Row label (the header's first text) and the verdict badges of each row.
    const rows: string[][] = [];
    for (const tr of await page.locator('#verdict-table tbody tr').all()) {
      const label = (await tr.locator('th').innerText()).split('\n')[0].trim();
      const badges = (await tr.locator('td .badge').allInnerTexts()).map((b) => b.trim().toLowerCase());
      rows.push([label, ...badges]);
    }
    expect(rows[0]).toEqual(['Orders', 'meets', 'meets', 'misses', 'generator-bound', 'misses']);
    expect(rows.map((r) => r[0])).toEqual([
      'Orders',
      'Trades',
      'Market-data updates (published)',
      'Concurrent users (open connections)',
      'Active sessions',
      'Registrations (peak rate)',
      'Instruments',
    ]);
    const sentences = await page.locator('.sentences li').allInnerTexts();
    expect(sentences.some((s) => s.startsWith('The bottleneck is gateway_event_loop'))).toBe(true);
    expect(await page.textContent('.actions li')).toMatch(/^Split gateway_event_loop across processes\./);
    await page.close();
  });

  it('prints: navigation hidden, charts still drawn, a multi-page PDF', async () => {
    const { page, dir, errors } = await open(await loadRunResult(fixture('reference-run.json')), 'print');
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('nav.toc')).toBe(false);
    const pdf = join(dir, 'report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    expect((await stat(pdf)).size).toBeGreaterThan(50_000);
    for (const c of await paintedPixels(page)) expect(c.painted, c.id).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('marks an incomplete run and still draws what was measured', async () => {
    const { page, errors, requests } = await open(
      await loadRunResult(fixture('interrupted-run.json')),
      'interrupted',
    );
    expect(await page.isVisible('#incomplete-banner')).toBe(true);
    const banner = (await page.textContent('#incomplete-banner'))!.replace(/\s+/g, ' ');
    expect(banner).toMatch(/^Incomplete run \(interrupted\)\. Interrupted \(SIGINT\)/);
    for (const c of await paintedPixels(page)) expect(c.painted, c.id).toBeGreaterThan(5000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('renders a run full of <script> and <img onerror> inert', async () => {
    const { page, errors, requests, dialogs } = await open(hostileRun(), 'hostile');
    expect(dialogs).toEqual([]);
    expect(
      await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    expect(await page.$$eval('img, svg, iframe, object, embed', (els) => els.length)).toBe(0);
    expect(await page.$$eval('script', (els) => els.length)).toBe(3);
    expect(await page.$$eval('[onerror], [onload]', (els) => els.length)).toBe(0);
    // The payloads are there, as text.
    expect(await page.textContent('h1')).toContain('<img src=x onerror=');
    expect(await page.textContent('#incomplete-banner')).toContain('<script>window.__pwned = 1;');
    for (const c of await paintedPixels(page)) expect(c.painted, c.id).toBeGreaterThan(5000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
