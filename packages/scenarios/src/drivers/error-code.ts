/**
 * A stable code for a socket-level failure: the errno code Node.js puts on system errors
 * ('ECONNREFUSED', 'ECONNRESET', 'EPIPE', …), else a generic one. Codes, not messages,
 * so that counts group and reports can be compared run to run.
 */
export const GENERIC_CONNECTION_ERROR = 'CONNECTION_ERROR';

export function errorCodeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    if (typeof code === 'string' && /^[A-Z0-9_]+$/i.test(code)) return code.toUpperCase();
  }
  return GENERIC_CONNECTION_ERROR;
}

/** An operation the workload's own code failed to build (a bug in the workload, not the target). */
export const BUILD_FAILED_CODE = 'BUILD_FAILED';
