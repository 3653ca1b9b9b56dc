import { createHash, timingSafeEqual } from 'node:crypto';

import type { SessionRegistry } from '../accounts/session-registry.js';
import { ApiError } from '../errors.js';

/** The token of an `Authorization: Bearer <token>` header; undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match === null ? '' : match[1];
}

/**
 * The user a bearer token belongs to, or an ApiError: 401 UNAUTHORIZED (no token),
 * INVALID_TOKEN (not a session) or SESSION_EXPIRED.
 */
export function authenticateToken(sessions: SessionRegistry, token: string | undefined): number {
  if (token === undefined) {
    throw new ApiError(401, 'UNAUTHORIZED', 'this route needs an Authorization: Bearer <token> header');
  }
  if (token.length === 0)
    throw new ApiError(401, 'INVALID_TOKEN', 'the Authorization header is not "Bearer <token>"');
  const auth = sessions.authenticate(token);
  if (auth.ok) return auth.userId;
  if (auth.reason === 'expired')
    throw new ApiError(401, 'SESSION_EXPIRED', 'the session has expired; log in again');
  throw new ApiError(401, 'INVALID_TOKEN', 'the token is not a valid session');
}

/**
 * Checks the admin token, sent as `x-admin-token: <token>` or `Authorization: Bearer
 * <token>`. Compared through SHA-256 digests with timingSafeEqual: equal lengths, no early exit.
 */
export function checkAdminToken(
  expected: string | null,
  headers: Record<string, string | string[] | undefined>,
): void {
  if (expected === null) {
    throw new ApiError(
      403,
      'ADMIN_DISABLED',
      'the admin API is disabled: start the service with an admin token',
    );
  }
  const header = headers['x-admin-token'];
  const given =
    typeof header === 'string' ? header : bearerToken(headers.authorization as string | undefined);
  if (given === undefined || given.length === 0) {
    throw new ApiError(
      401,
      'ADMIN_TOKEN_REQUIRED',
      'this route needs the admin token in an x-admin-token header',
    );
  }
  const digest = (s: string) => createHash('sha256').update(s).digest();
  if (!timingSafeEqual(digest(given), digest(expected))) {
    throw new ApiError(403, 'ADMIN_FORBIDDEN', 'the admin token is wrong');
  }
}
