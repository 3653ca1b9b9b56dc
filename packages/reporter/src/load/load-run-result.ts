/**
 * Reads a results.json written by `headroom run` and hands back a RunResult, or throws an
 * InvalidResultsError that lists every problem as `path: message`.
 */
import { readFile } from 'node:fs/promises';

import type { RunResult } from '@headroom/scenarios';

import { InvalidResultsError } from '../errors.js';
import { checkRunResult } from './check-run-result.js';

/** Parses and checks the text of a results file; `source` names it in errors. */
export function parseRunResult(text: string, source: string): RunResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint =
      text.trim() === ''
        ? 'the file is empty'
        : `not JSON (${reason})${text.trimEnd().endsWith('}') ? '' : ' — was the file cut short?'}`;
    throw new InvalidResultsError(source, [`(root): ${hint}`], { cause: error });
  }
  const problems = checkRunResult(value);
  if (problems.length > 0) throw new InvalidResultsError(source, problems);
  return value as RunResult;
}

export async function loadRunResult(path: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidResultsError(path, [`(file): cannot read it (${reason})`], { cause: error });
  }
  return parseRunResult(text, path);
}
