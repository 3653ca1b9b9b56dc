import type { ValidateFunction } from 'ajv';

import { HeadroomError } from '../errors.js';
import { formatPath } from '../plan/plan-source.js';
import { createAjv, schemaIssues, show } from '../plan/schema-issues.js';
import { RUN_RESULT_SCHEMA } from './run-result-schema.js';
import { RUN_RESULT_SCHEMA_VERSION, type RunResult } from './types.js';

/** A results file that is not a RunResult this version reads. The user can fix it: 'usage'. */
export class ResultsError extends HeadroomError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_RESULTS', 'usage', message, options);
  }
}

let compiled: ValidateFunction | null = null;

/** Most problems shown in one message; a wholly wrong file would otherwise print thousands. */
const MAX_LISTED = 50;

/**
 * Checks that a parsed JSON value is a RunResult of the supported schemaVersion and
 * returns it typed. Every problem is listed as `path: message`; `source` names the file.
 */
export function validateRunResult(json: unknown, source = 'results'): RunResult {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ResultsError(
      `${source} is not a headroom RunResult: expected a JSON object, found ${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json}`,
    );
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version !== RUN_RESULT_SCHEMA_VERSION) {
    const found = version === undefined ? 'no schemaVersion' : `schemaVersion ${show(version)}`;
    throw new ResultsError(
      `${source} has ${found}; this headroom reads RunResult schemaVersion ${RUN_RESULT_SCHEMA_VERSION}`,
    );
  }
  compiled ??= createAjv().compile(RUN_RESULT_SCHEMA);
  if (!compiled(json)) {
    const issues = schemaIssues(compiled.errors, json);
    const lines = issues.slice(0, MAX_LISTED).map((i) => `${formatPath(i.path) || '(root)'}: ${i.message}`);
    if (issues.length > MAX_LISTED) lines.push(`… and ${issues.length - MAX_LISTED} more`);
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    throw new ResultsError(`${source} is not a valid RunResult (${count}):\n${lines.join('\n')}`);
  }
  return json as RunResult;
}
