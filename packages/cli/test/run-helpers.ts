/**
 * Shared by the `headroom run` and `compare` end-to-end tests: the real binary as a child
 * process, a `headroom serve` of our own to point --target at, small plans, and the
 * browser check of a report.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

export const BIN = fileURLToPath(new URL('../bin/run.js', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** ms from spawn to exit */
  readonly ms: number;
}

export interface Running {
  readonly child: ChildProcess;
  /** resolves when stderr has a line matching `pattern` */
  readonly waitForStderr: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  readonly finished: Promise<Finished>;
}

/** Starts `headroom …args` (progress is plain: not a TTY, CI set). */
export function startHeadroom(args: readonly string[], env: NodeJS.ProcessEnv = {}): Running {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1', ...env },
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr += `${line}\n`;
    for (const w of waiters.splice(0)) {
      if (w.pattern.test(line)) w.resolve(line);
      else waiters.push(w);
    }
  });
  const finished = new Promise<Finished>((resolve) => {
    child.once('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started }),
    );
  });
  const waitForStderr = (pattern: RegExp, timeoutMs = 60_000): Promise<string> => {
    const already = stderr.split('\n').find((l) => pattern.test(l));
    if (already !== undefined) return Promise.resolve(already);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no stderr line like ${pattern} within ${timeoutMs} ms:\n${stderr}`)),
        timeoutMs,
      );
      waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      void finished.then((f) => {
        clearTimeout(timer);
        reject(new Error(`headroom exited (${f.code}) before a stderr line like ${pattern}:\n${f.stderr}`));
      });
    });
  };
  return { child, waitForStderr, finished };
}

export function headroom(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return startHeadroom(args, env).finished;
}

/**
 * `headroom serve` of our own, to point --target at (and to kill). Its data lives in
 * `dataDir` (inside the test's temporary directory), so a server killed with SIGKILL
 * leaves nothing behind once that directory is removed.
 */
export async function startServe(
  dataDir: string,
  extraArgs: readonly string[] = [],
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--json', '--port', '0', '--instruments', '200', '--data-dir', dataDir, ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const event = JSON.parse(line) as { event?: string; url?: string };
      if (event.event === 'listening' && event.url !== undefined) resolve(event.url);
    });
  });
  return { url, child };
}

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

/** A small plan: orders only, one short step, no sweep, no isolated runs, 10% load. */
export function tinyPlan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'tiny',
    steps: [1],
    duration: '2s',
    warmup: '1s',
    loadScale: 0.1,
    target: { kind: 'bundled', instruments: 200 },
    workloads: [{ kind: 'orders', connections: 4 }],
    sweep: { enabled: false },
    isolated: { enabled: false },
    ...overrides,
  };
}

/** Writes a plan as JSON (JSON is YAML) and returns its path. */
export async function writePlan(dir: string, name: string, plan: Record<string, unknown>): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(plan, null, 2));
  return path;
}

export interface BrowserCheck {
  readonly canvases: readonly { id: string; painted: number }[];
  readonly errors: readonly string[];
  readonly requests: readonly string[];
  readonly incompleteBanner: boolean;
}

/** The slice of the DOM's canvas this check uses (the package compiles without the DOM lib). */
interface CanvasLike {
  width: number;
  height: number;
  dataset: { chart?: string };
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}

/** Opens the report from file:// in headless Chromium: painted pixels per chart, console errors, requests. */
export async function checkInBrowser(indexHtml: string): Promise<BrowserCheck> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    const self = pathToFileURL(indexHtml).href;
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (r.url() !== self) requests.push(r.url());
    });
    await page.goto(self, { waitUntil: 'load' });
    const canvases = await page.$$eval('canvas[data-chart]', (all) =>
      all.map((c) => {
        const canvas = c as unknown as CanvasLike;
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
        return { id: canvas.dataset.chart ?? '', painted };
      }),
    );
    const incompleteBanner = await page.isVisible('#incomplete-banner');
    return { canvases, errors, requests, incompleteBanner };
  } finally {
    await browser.close();
  }
}
