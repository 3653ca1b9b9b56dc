import { readUserFile } from '../read-user-file.js';
import { jsonErrorPosition } from './json-error-position.js';
import type { RunResult } from './types.js';
import { ResultsError, validateRunResult } from './validate-run-result.js';

/** Reads and validates a results.json; errors say whether it is missing, not JSON (where), or invalid. */
export async function readRunResult(path: string): Promise<RunResult> {
  const text = await readUserFile(path, 'results file', 'RESULTS_NOT_FOUND');
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
