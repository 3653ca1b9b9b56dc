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
