/**
 * Session tokens for the sessions workload, from the target's admin fixtures route
 * (`POST /v1/admin/fixtures`, PROTOCOL.md): users with ready sessions, created without a
 * password hash per user, so 100,000 sessions take seconds instead of hours of scrypt.
 *
 * Tokens come back ordered so that the first `users` of them belong to different users:
 * the connections take tokens from the front, so as many users as possible are online at
 * once, and the remaining tokens are further valid sessions of the same users.
 */
import { randomBytes } from 'node:crypto';
import { HeadroomError } from '../../errors.js';

/** Sessions per fixtures request: keeps each answer a few MB (≈ 70 bytes per session). */
export const FIXTURE_CHUNK_SESSIONS = 50_000;
/** ms per fixtures request */
const REQUEST_TIMEOUT_MS = 60_000;

export interface ProvisionOptions {
  /** e.g. http://127.0.0.1:8080 */
  readonly baseUrl: string;
  readonly adminToken: string;
  readonly sessions: number;
  /** sessions each fixture user gets (≥ 1) */
  readonly sessionsPerUser: number;
  /** Put into the usernames, so users of different runs never collide. */
  readonly runId?: string;
  readonly signal?: AbortSignal;
}

interface FixturesAnswer {
  readonly users?: readonly { readonly userId: number }[];
  readonly sessions?: readonly { readonly token: string; readonly userId: number }[];
  readonly error?: { readonly code?: string; readonly message?: string };
}

/** Provisions `sessions` tokens; throws HeadroomError (category 'target') when the target refuses. */
export async function provisionSessionTokens(options: ProvisionOptions): Promise<string[]> {
  const perUser = Math.max(1, Math.floor(options.sessionsPerUser));
  // Usernames must be new: the run's id, plus a random part for a second call in one run.
  const run = (options.runId ?? '').replace(/[^A-Za-z0-9_.-]/g, '').slice(-16);
  const prefix = `hs-${run === '' ? '' : `${run}-`}${randomBytes(3).toString('hex')}-`;
  /** ranks[r] = the r-th session of every user, in user order */
  const ranks: string[][] = Array.from({ length: perUser }, () => []);
  let remaining = options.sessions;
  for (let chunk = 0; remaining > 0; chunk++) {
    const users = Math.ceil(Math.min(remaining, FIXTURE_CHUNK_SESSIONS) / perUser);
    const answer = await requestFixtures(options, {
      users,
      sessionsPerUser: perUser,
      usernamePrefix: `${prefix}${chunk}-`,
    });
    // Sessions come grouped by user, `perUser` each, in user order.
    answer.forEach((token, i) => ranks[i % perUser].push(token));
    remaining -= answer.length;
  }
  return ranks.flat().slice(0, options.sessions);
}

async function requestFixtures(
  options: ProvisionOptions,
  body: { users: number; sessionsPerUser: number; usernamePrefix: string },
): Promise<string[]> {
  const url = new URL('/v1/admin/fixtures', options.baseUrl).href;
  const signals = [AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...(options.signal ? [options.signal] : [])];
  let response: Response;
  let answer: FixturesAnswer;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-token': options.adminToken },
      body: JSON.stringify(body),
      signal: AbortSignal.any(signals),
    });
    answer = (await response.json()) as FixturesAnswer;
  } catch (error) {
    throw new FixturesError(
      `POST ${url} failed: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  if (response.status !== 201) {
    const code = answer.error?.code ?? 'no error code';
    throw new FixturesError(
      `POST ${url} answered HTTP ${response.status} (${code}: ${answer.error?.message ?? 'no message'}); ` +
        `the sessions workload provisions its session tokens through the target's admin fixtures route`,
    );
  }
  const sessions = answer.sessions ?? [];
  if (
    sessions.length !== body.users * body.sessionsPerUser ||
    sessions.some((s) => typeof s.token !== 'string')
  ) {
    throw new FixturesError(
      `POST ${url} returned ${sessions.length} sessions, expected ${body.users * body.sessionsPerUser} with a token each`,
    );
  }
  return sessions.map((s) => s.token);
}

export class FixturesError extends HeadroomError {
  constructor(message: string, cause?: unknown) {
    super('FIXTURES_FAILED', 'target', message, cause === undefined ? undefined : { cause });
  }
}
