/**
 * Errors of this package. Each has a stable `code` (never reworded: scripts match on it)
 * and a `category` the CLI maps to an exit code: 'usage' (the user can fix the input),
 * 'target' (the system under test is unreachable or failed), 'internal' (a bug here).
 */
export type ErrorCategory = 'usage' | 'target' | 'thresholds' | 'interrupted' | 'internal';

export class HeadroomError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;

  constructor(code: string, category: ErrorCategory, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.category = category;
  }
}

/** A configuration value of the reference system is invalid; the message lists every problem. */
export class SystemConfigError extends HeadroomError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      'INVALID_SYSTEM_CONFIG',
      'usage',
      `invalid reference-system configuration:\n  ${problems.join('\n  ')}`,
    );
    this.problems = problems;
  }
}

/**
 * The data directory, journal or database could not be opened, read or written. 'usage'
 * when the user can fix it (a path that is not writable, a bad database URL), otherwise
 * 'internal'.
 */
export class StorageError extends HeadroomError {
  constructor(code: string, category: 'usage' | 'internal', message: string, options?: { cause?: unknown }) {
    super(code, category, message, options);
  }
}

/**
 * What a client of the service is told went wrong: an HTTP status, a stable code (the
 * codes are listed in PROTOCOL.md and never reworded) and a message naming the problem.
 * The same code reaches WebSocket clients in a `reject` or `error` message.
 */
export class ApiError extends HeadroomError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    /** Seconds a client should wait before retrying (429/503 only). */
    readonly retryAfterSeconds?: number,
  ) {
    super(code, status >= 500 ? 'target' : 'usage', message);
  }
}
