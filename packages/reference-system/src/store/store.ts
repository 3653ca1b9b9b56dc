import type { Instrument } from '../instruments/generate-instruments.js';

export interface UserRecord {
  readonly userId: number;
  readonly username: string;
  /** An encoded scrypt hash (see password-hash.ts), or a marker no password matches. */
  readonly passwordHash: string;
}

export interface SessionRecord {
  /** SHA-256 of the bearer token, hex. The token itself is never stored. */
  readonly tokenHash: string;
  readonly userId: number;
  /** Epoch ms. */
  readonly expiresAt: number;
}

export interface NewUser {
  readonly username: string;
  readonly passwordHash: string;
}

/**
 * Where users, sessions and instruments live: SQLite in the data directory by default,
 * PostgreSQL when a database URL is given. Both implement exactly this contract and pass
 * one shared test suite. Orders are not here: they go to the journal.
 *
 * Every method is async so the PostgreSQL store fits; the SQLite store does its work
 * synchronously (better-sqlite3) and returns settled promises.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates the tables when they do not exist. Idempotent. */
  migrate(): Promise<void>;

  /** Replaces the stored instrument list with this one, in one transaction. */
  replaceInstruments(instruments: readonly Instrument[]): Promise<void>;
  countInstruments(): Promise<number>;
  /** Instruments in symbol-index order. */
  listInstruments(offset: number, limit: number): Promise<Instrument[]>;

  /** The new user, or undefined when the username is taken. */
  createUser(user: NewUser): Promise<UserRecord | undefined>;
  findUser(username: string): Promise<UserRecord | undefined>;
  /**
   * Inserts many users in one transaction and returns them in input order. Throws
   * StorageError USERNAME_TAKEN (and inserts none) when any username exists.
   */
  createUsers(users: readonly NewUser[]): Promise<UserRecord[]>;
  countUsers(): Promise<number>;

  insertSessions(sessions: readonly SessionRecord[]): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Removes sessions that expired at or before `nowMs`; returns how many. */
  deleteExpiredSessions(nowMs: number): Promise<number>;
  /** Sessions still valid after `nowMs`. */
  loadSessions(nowMs: number): Promise<SessionRecord[]>;

  close(): Promise<void>;
}
