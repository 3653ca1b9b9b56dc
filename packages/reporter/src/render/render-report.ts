/**
 * Writes a report directory: index.html, results.json (the RunResult itself, so the
 * report can be re-rendered), summary.md and junit.xml.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import type { RunResult } from '@headroom/scenarios';

import type { Analysis } from '../analysis/analyze.js';
import { ReportWriteError } from '../errors.js';
import { renderHtml } from './html-report.js';
import { renderJunitXml } from './junit-xml.js';
import { renderSummaryMarkdown } from './summary-markdown.js';

export interface ReportFiles {
  /** absolute paths */
  readonly dir: string;
  readonly index: string;
  readonly results: string;
  readonly summary: string;
  readonly junit: string;
}

export async function renderReport(analysis: Analysis, run: RunResult, outDir: string): Promise<ReportFiles> {
  const dir = resolve(outDir);
  const files: ReportFiles = {
    dir,
    index: join(dir, 'index.html'),
    results: join(dir, 'results.json'),
    summary: join(dir, 'summary.md'),
    junit: join(dir, 'junit.xml'),
  };
  // Render everything before touching the disk, so a bad run never leaves half a report.
  const contents: [string, string][] = [
    [files.index, renderHtml(analysis, run)],
    [files.results, `${JSON.stringify(run, null, 2)}\n`],
    [files.summary, renderSummaryMarkdown(analysis, run)],
    [files.junit, renderJunitXml(run)],
  ];
  try {
    await mkdir(dir, { recursive: true });
    await Promise.all(contents.map(([path, text]) => writeFile(path, text, 'utf8')));
  } catch (error) {
    throw new ReportWriteError(dir, error);
  }
  return files;
}
