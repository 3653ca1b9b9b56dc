import { randomBytes } from 'node:crypto';

import type { HashCost } from '../config/resolve-system-config.js';
import { ApiError, StorageError } from '../errors.js';
import type { BusyResource } from '../metrics/busy-resource.js';
import type { Store } from '../store/store.js';
import { HashLimiter, HashQueueFullError } from './hash-limiter.js';
import { NO_PASSWORD, hashPassword, verifyPassword } from './password-hash.js';
import type { IssuedSession, SessionRegistry } from './session-registry.js';

export interface AccountsConfig {
  readonly hashCost: HashCost;
  readonly hashConcurrency: number;
  readonly maxHashQueue: number;
  readonly sessionTtlSeconds: number;
  readonly maxFixtureSessions: number;
}

export interface FixtureRequest {
  /** Users to create. */
  readonly users: number;
  /** @default 1 */
  readonly sessionsPerUser?: number;
  /** Usernames are prefix + 1-based index padded to 6 digits. @default 'fx-<random>-' */
  readonly usernamePrefix?: string;
  /** Hashed once and shared by every fixture user, so they can log in. @default none: they cannot */
  readonly password?: string;
  /** @default the configured session TTL */
  readonly sessionTtlSeconds?: number;
}

export interface FixtureResult {
  readonly users: { userId: number; username: string }[];
  readonly sessions: { token: string; userId: number }[];
  /** Epoch ms, the same for every session of the request. */
  readonly expiresAt: number;
}

/** What the metrics need from accounts (see metrics/). */
export interface AccountsMeters {
  /** The `hash_pool` resource: busy while hashes run. */
  readonly hashBusy?: BusyResource;
  /** Called once per completed registration (`registrations` work). */
  readonly onRegistered?: () => void;
}

/**
 * Registration, login and logout, and bulk fixtures. Password hashing is the expensive
 * part (memory-hard scrypt on the libuv pool), bounded by a HashLimiter; fixtures skip it
 * by sharing one hash (or none) across all the users they create.
 */
export class Accounts {
  readonly hashing: HashLimiter;
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly store: Store,
    readonly sessions: SessionRegistry,
    private readonly config: AccountsConfig,
    private readonly meters: AccountsMeters = {},
  ) {
    this.hashing = new HashLimiter(config.hashConcurrency, config.maxHashQueue, meters.hashBusy);
  }

  async register(username: string, password: string): Promise<{ userId: number; username: string }> {
    // Checked first so a taken name costs no hash; the insert still decides a race.
    if ((await this.store.findUser(username)) !== undefined) throw taken(username);
    const passwordHash = await this.hash(() => hashPassword(password, this.config.hashCost));
    const user = await this.store.createUser({ username, passwordHash });
    if (user === undefined) throw taken(username);
    this.meters.onRegistered?.();
    return { userId: user.userId, username: user.username };
  }

  async login(username: string, password: string): Promise<IssuedSession> {
    const user = await this.store.findUser(username);
    // An unknown user still costs one hash, so response time does not reveal which usernames exist.
    const encoded = user?.passwordHash ?? (await this.dummy());
    const ok = await this.hash(() => verifyPassword(password, encoded));
    if (user === undefined || !ok)
      throw new ApiError(401, 'INVALID_CREDENTIALS', 'username or password is wrong');
    return this.sessions.create(user.userId, this.config.sessionTtlSeconds);
  }

  async logout(token: string): Promise<void> {
    await this.sessions.revoke(token);
  }

  async createFixtures(request: FixtureRequest): Promise<FixtureResult> {
    const perUser = request.sessionsPerUser ?? 1;
    const total = request.users * perUser;
    if (total > this.config.maxFixtureSessions) {
      throw new ApiError(
        400,
        'TOO_MANY_FIXTURES',
        `users × sessionsPerUser = ${total} sessions; at most ${this.config.maxFixtureSessions} per request`,
      );
    }
    const prefix = request.usernamePrefix ?? `fx-${randomBytes(4).toString('hex')}-`;
    const passwordHash =
      request.password === undefined
        ? NO_PASSWORD
        : await this.hash(() => hashPassword(request.password!, this.config.hashCost));
    const newUsers = Array.from({ length: request.users }, (_, i) => ({
      username: `${prefix}${String(i + 1).padStart(6, '0')}`,
      passwordHash,
    }));
    let created;
    try {
      created = await this.store.createUsers(newUsers);
    } catch (error) {
      if (error instanceof StorageError && error.code === 'USERNAME_TAKEN') {
        throw new ApiError(
          409,
          'USERNAME_TAKEN',
          `a username with prefix ${JSON.stringify(prefix)} already exists`,
        );
      }
      throw error;
    }
    const owners: number[] = [];
    for (const user of created) for (let s = 0; s < perUser; s++) owners.push(user.userId);
    const issued = await this.sessions.createMany(
      owners,
      request.sessionTtlSeconds ?? this.config.sessionTtlSeconds,
    );
    return {
      users: created.map((u) => ({ userId: u.userId, username: u.username })),
      sessions: issued.map((s) => ({ token: s.token, userId: s.userId })),
      expiresAt: issued[0]?.expiresAt ?? Date.now(),
    };
  }

  private async hash<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.hashing.run(work);
    } catch (error) {
      if (error instanceof HashQueueFullError) throw new ApiError(503, 'OVERLOADED', error.message, 1);
      throw error;
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'), this.config.hashCost);
    return this.dummyHash;
  }
}

function taken(username: string): ApiError {
  return new ApiError(409, 'USERNAME_TAKEN', `username ${JSON.stringify(username)} is already taken`);
}
