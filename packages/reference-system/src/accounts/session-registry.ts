import { createHash, randomBytes } from 'node:crypto';

import type { SessionRecord, Store } from '../store/store.js';

const TOKEN_BYTES = 32;
const SWEEP_INTERVAL_MS = 60_000;

export interface IssuedSession {
  /** The bearer token: 32 random bytes, base64url (43 characters). Shown once, never stored. */
  readonly token: string;
  readonly userId: number;
  /** Epoch ms. */
  readonly expiresAt: number;
}

export type Authentication =
  | { readonly ok: true; readonly userId: number; readonly expiresAt: number }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' };

/** SHA-256 of a token, hex: what the store keeps, so a copy of the database holds no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Reads one session from the database by token hash (the 'database' session store). */
export type SessionLookup = (tokenHash: string) => SessionRecord | undefined;

/**
 * Sessions in memory (token hash → session), written through to the store and loaded from
 * it on start. Authentication is on every request, so it never touches the database: one
 * SHA-256 and one map lookup. Expired sessions are refused as 'expired' until the
 * periodic sweep forgets them.
 *
 * With a `lookup` (sessionStore 'database') nothing is held in memory: every authentication
 * reads the database, which is how a stateful session service behaves, and what the knob
 * is for.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, SessionRecord>();
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly lookup?: SessionLookup,
  ) {}

  /** Loads the sessions still valid and starts the sweep of expired ones. */
  async start(): Promise<void> {
    const now = Date.now();
    await this.store.deleteExpiredSessions(now);
    if (this.lookup === undefined) {
      for (const session of await this.store.loadSessions(now)) this.sessions.set(session.tokenHash, session);
    }
    this.sweepTimer = setInterval(() => void this.sweep().catch(() => undefined), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  stop(): void {
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
  }

  get size(): number {
    return this.sessions.size;
  }

  authenticate(token: string): Authentication {
    const tokenHash = hashToken(token);
    const session = this.lookup === undefined ? this.sessions.get(tokenHash) : this.lookup(tokenHash);
    if (session === undefined) return { ok: false, reason: 'unknown' };
    if (session.expiresAt <= Date.now()) return { ok: false, reason: 'expired' };
    return { ok: true, userId: session.userId, expiresAt: session.expiresAt };
  }

  async create(userId: number, ttlSeconds: number): Promise<IssuedSession> {
    const [issued] = await this.createMany([userId], ttlSeconds);
    return issued;
  }

  /** One session per entry of `userIds` (repeat an id for several), inserted in one batch. */
  async createMany(userIds: readonly number[], ttlSeconds: number): Promise<IssuedSession[]> {
    const expiresAt = Date.now() + ttlSeconds * 1000;
    const random = randomBytes(TOKEN_BYTES * userIds.length);
    const issued: IssuedSession[] = new Array<IssuedSession>(userIds.length);
    const records: SessionRecord[] = new Array<SessionRecord>(userIds.length);
    for (let i = 0; i < userIds.length; i++) {
      const token = random.subarray(i * TOKEN_BYTES, (i + 1) * TOKEN_BYTES).toString('base64url');
      issued[i] = { token, userId: userIds[i], expiresAt };
      records[i] = { tokenHash: hashToken(token), userId: userIds[i], expiresAt };
    }
    await this.store.insertSessions(records);
    if (this.lookup === undefined) for (const record of records) this.sessions.set(record.tokenHash, record);
    return issued;
  }

  /** Forgets the session; true when it existed. */
  async revoke(token: string): Promise<boolean> {
    const tokenHash = hashToken(token);
    const existed =
      this.lookup === undefined ? this.sessions.delete(tokenHash) : this.lookup(tokenHash) !== undefined;
    await this.store.deleteSession(tokenHash);
    return existed;
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const [hash, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(hash);
    await this.store.deleteExpiredSessions(now);
  }
}
