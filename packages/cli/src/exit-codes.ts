/**
 * Every exit code headroom uses, in one place. The README's "Exit codes" table is
 * written from this list; scripts and CI gates depend on these numbers, so they never
 * change meaning.
 */
export const ExitCode = {
  /** The command did what it was asked and every gate passed. */
  OK: 0,
  /** A threshold of the plan failed, or `compare` found a regression. */
  THRESHOLDS_FAILED: 1,
  /** Bad usage: unknown flag, bad flag value, invalid plan or results file. */
  USAGE: 2,
  /** The target could not be reached, died, or the run was aborted. */
  TARGET_UNAVAILABLE: 3,
  /** A bug in headroom itself (please report it with the message). */
  INTERNAL: 4,
  /** Interrupted by SIGINT/SIGTERM; whatever was measured was still written. */
  INTERRUPTED: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Errors from the packages carry a `category` instead of an exit code, because the
 * packages know what went wrong but not how a CLI reports it. This maps one to the other.
 */
export type ErrorCategory = 'usage' | 'target' | 'thresholds' | 'interrupted' | 'internal';

export function exitCodeForCategory(category: ErrorCategory): ExitCodeValue {
  switch (category) {
    case 'usage':
      return ExitCode.USAGE;
    case 'target':
      return ExitCode.TARGET_UNAVAILABLE;
    case 'thresholds':
      return ExitCode.THRESHOLDS_FAILED;
    case 'interrupted':
      return ExitCode.INTERRUPTED;
    case 'internal':
      return ExitCode.INTERNAL;
  }
}
