import { readFile } from 'node:fs/promises';

import { HeadroomError } from '../errors.js';
import { jsonErrorPosition } from './json-error-position.js';
import type { RunResult } from './types.js';
import { ResultsError, validateRunResult } from './validate-run-result.js';

/** Reads and validates a results.json; errors say whether it is missing, not JSON (where), or invalid. */
export async function readRunResult(path: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot be read (${code ?? String(error)})`;
    throw new HeadroomError('RESULTS_NOT_FOUND', 'usage', `results file ${path} ${reason}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ResultsError(
      `${path}${jsonErrorPosition(text, error)} is not valid JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return validateRunResult(json, path);
}
