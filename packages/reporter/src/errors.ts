/**
 * Errors of this package. They extend the scenarios package's HeadroomError, so every
 * error the CLI sees from the measuring side is one class with a stable `code` and a
 * `category` it maps to an exit code.
 */
import { HeadroomError } from '@headroom/scenarios';

export { HeadroomError, type ErrorCategory } from '@headroom/scenarios';

/** A results file that cannot be read or is not a RunResult v1. Lists every problem as `path: message`. */
export class InvalidResultsError extends HeadroomError {
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[], options?: { cause?: unknown }) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    super(
      'INVALID_RESULTS',
      'usage',
      `${source} is not a valid RunResult:\n  ${shown.join('\n  ')}${more}`,
      options,
    );
    this.problems = problems;
  }
}

/** Points the USL cannot be fitted to (too few, negative, not numbers). */
export class UslInputError extends HeadroomError {
  constructor(message: string) {
    super('USL_INPUT', 'usage', message);
  }
}

/** A points CSV that cannot be parsed; the message names the line. */
export class InvalidCsvError extends HeadroomError {
  constructor(source: string, line: number, message: string) {
    super('INVALID_CSV', 'usage', `${source}:${line}: ${message}`);
  }
}

/** The report could not be written (output directory not writable, disk full). */
export class ReportWriteError extends HeadroomError {
  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('REPORT_WRITE_FAILED', 'usage', `cannot write the report to ${path}: ${reason}`, { cause });
  }
}
