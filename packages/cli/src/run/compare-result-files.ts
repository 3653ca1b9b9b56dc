/**
 * `headroom compare`: read two results.json files (each validated as a RunResult), compare
 * them, and write the Markdown for a pull request when asked. The exit code is the gate:
 * a regression fails the pipeline.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import { compareRuns, renderComparisonMarkdown, type Comparison } from '@headroom/reporter';
import { HeadroomError, readRunResult } from '@headroom/scenarios';

import { ExitCode, type ExitCodeValue } from '../exit-codes.js';

export interface CompareFilesOptions {
  readonly base: string;
  readonly head: string;
  /** fraction, e.g. 0.05 */
  readonly maxRegression: number;
  /** write the Markdown here too */
  readonly markdownPath?: string;
}

export interface CompareFilesOutcome {
  readonly comparison: Comparison;
  readonly markdown: string;
  /** absolute path, when written */
  readonly markdownPath: string | null;
  readonly exitCode: ExitCodeValue;
}

export async function compareResultFiles(options: CompareFilesOptions): Promise<CompareFilesOutcome> {
  const [base, head] = await Promise.all([readRunResult(options.base), readRunResult(options.head)]);
  const comparison = compareRuns(base, head, { maxRegression: options.maxRegression });
  const markdown = renderComparisonMarkdown(comparison);
  let markdownPath: string | null = null;
  if (options.markdownPath !== undefined) {
    markdownPath = resolve(options.markdownPath);
    try {
      await writeFile(markdownPath, markdown, 'utf8');
    } catch (error) {
      throw new HeadroomError(
        'REPORT_WRITE_FAILED',
        'usage',
        `--markdown: cannot write ${markdownPath}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  const exitCode = comparison.verdict === 'regression' ? ExitCode.THRESHOLDS_FAILED : ExitCode.OK;
  return { comparison, markdown, markdownPath, exitCode };
}
