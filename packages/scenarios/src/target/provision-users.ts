/**
 * Users with ready sessions for a workload, on a target speaking the reference protocol.
 * With an admin token they come from `POST /v1/admin/fixtures` in one request (no password
 * hash per user: 100,000 sessions take about a second); without one, each user is
 * registered and logged in through the public routes, which hash — slow, but it works
 * against a target whose admin API is off.
 */
import { randomBytes } from 'node:crypto';
import { HeadroomError } from '../errors.js';
import type { TargetEndpoint } from '../workloads/workload.js';
import { requireTarget } from './target-request.js';

export interface ProvisionRequest {
  readonly users: number;
  /** 1–40 characters of A–Z a–z 0–9 _ . -; usernames are prefix + 6-digit index (000001…) */
  readonly usernamePrefix: string;
  /** Shared password, so the users can log in (logins workload). @default a random one */
  readonly password?: string;
  /** seconds @default the target's session lifetime */
  readonly sessionTtlSeconds?: number;
}

export interface ProvisionedUsers {
  readonly usernames: readonly string[];
  /** one session token per user, index-aligned with `usernames` */
  readonly tokens: readonly string[];
  readonly password: string;
  readonly via: 'fixtures' | 'registration';
}

/** parallel registrations when there is no admin API: a few, the target hashes each */
const REGISTRATION_CONCURRENCY = 4;
/** ms; fixture requests for many users take a while */
const FIXTURES_TIMEOUT_MS = 120_000;

export async function provisionUsers(
  target: TargetEndpoint,
  request: ProvisionRequest,
): Promise<ProvisionedUsers> {
  const password = request.password ?? randomBytes(12).toString('base64url');
  if (target.adminToken !== null) return viaFixtures(target, target.adminToken, request, password);
  return viaRegistration(target, request, password);
}

async function viaFixtures(
  target: TargetEndpoint,
  adminToken: string,
  request: ProvisionRequest,
  password: string,
): Promise<ProvisionedUsers> {
  const body = (await requireTarget(
    `${target.baseUrl}/v1/admin/fixtures`,
    {
      headers: { 'x-admin-token': adminToken },
      body: {
        users: request.users,
        sessionsPerUser: 1,
        usernamePrefix: request.usernamePrefix,
        password,
        ...(request.sessionTtlSeconds === undefined ? {} : { sessionTtlSeconds: request.sessionTtlSeconds }),
      },
      timeoutMs: FIXTURES_TIMEOUT_MS,
    },
    `Provisioning ${request.users} fixture users`,
  )) as { users?: { username?: unknown }[]; sessions?: { token?: unknown }[] } | undefined;
  const usernames = (body?.users ?? []).map((u) => u.username);
  const tokens = (body?.sessions ?? []).map((s) => s.token);
  if (
    usernames.length !== request.users ||
    tokens.length !== request.users ||
    !usernames.every((u) => typeof u === 'string') ||
    !tokens.every((t) => typeof t === 'string')
  ) {
    throw new HeadroomError(
      'TARGET_PROTOCOL',
      'target',
      `${target.baseUrl}/v1/admin/fixtures answered without ${request.users} users and sessions`,
    );
  }
  return { usernames: usernames, tokens: tokens, password, via: 'fixtures' };
}

async function viaRegistration(
  target: TargetEndpoint,
  request: ProvisionRequest,
  password: string,
): Promise<ProvisionedUsers> {
  const usernames = Array.from({ length: request.users }, (_, i) =>
    fixtureUsername(request.usernamePrefix, i),
  );
  const tokens: string[] = new Array<string>(request.users);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < usernames.length) {
      const index = next++;
      const credentials = { username: usernames[index], password };
      await requireTarget(
        `${target.baseUrl}/v1/users`,
        { body: credentials },
        `Registering ${credentials.username}`,
      );
      const session = (await requireTarget(
        `${target.baseUrl}/v1/sessions`,
        { body: credentials },
        `Logging in ${credentials.username}`,
      )) as { token?: unknown } | undefined;
      if (typeof session?.token !== 'string') {
        throw new HeadroomError(
          'TARGET_PROTOCOL',
          'target',
          `${target.baseUrl}/v1/sessions answered without a token`,
        );
      }
      tokens[index] = session.token;
    }
  };
  await Promise.all(Array.from({ length: Math.min(REGISTRATION_CONCURRENCY, request.users) }, worker));
  return { usernames, tokens, password, via: 'registration' };
}

/** The username the fixtures route gives user `index` (0-based): prefix + 1-based index, 6 digits. */
export function fixtureUsername(prefix: string, index: number): string {
  return `${prefix}${String(index + 1).padStart(6, '0')}`;
}
