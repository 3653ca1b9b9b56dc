import Database from 'better-sqlite3';

import { StorageError } from '../errors.js';
import type { Instrument } from '../instruments/generate-instruments.js';
import type { NewUser, SessionRecord, Store, UserRecord } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS instruments (
  idx INTEGER PRIMARY KEY,
  symbol TEXT NOT NULL UNIQUE,
  tick_size INTEGER NOT NULL,
  lot_size INTEGER NOT NULL,
  reference_price INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  user_id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions (expires_at);
`;

interface UserRow {
  user_id: number;
  username: string;
  password_hash: string;
}

interface InstrumentRow {
  symbol: string;
  tick_size: number;
  lot_size: number;
  reference_price: number;
}

/**
 * The embedded store: one SQLite file in WAL mode (readers never block the one writer;
 * synchronous=NORMAL makes a commit durable against a process crash, which is what
 * kill -9 tests, without an fsync per commit).
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  /** Prepared once, reused: preparing costs more than most of these queries. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly file: string) {
    try {
      this.db = new Database(file);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
    } catch (error) {
      throw new StorageError(
        'DATABASE_UNAVAILABLE',
        'usage',
        `cannot open SQLite database ${file}: ${String(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  async migrate(): Promise<void> {
    this.db.exec(SCHEMA);
  }

  async replaceInstruments(instruments: readonly Instrument[]): Promise<void> {
    const insert = this.stmt(
      'INSERT INTO instruments (idx, symbol, tick_size, lot_size, reference_price) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      this.db.exec('DELETE FROM instruments');
      instruments.forEach((i, idx) => insert.run(idx, i.symbol, i.tickSize, i.lotSize, i.referencePrice));
    })();
  }

  async countInstruments(): Promise<number> {
    return (this.stmt('SELECT count(*) AS n FROM instruments').get() as { n: number }).n;
  }

  async listInstruments(offset: number, limit: number): Promise<Instrument[]> {
    const rows = this.stmt(
      'SELECT symbol, tick_size, lot_size, reference_price FROM instruments ORDER BY idx LIMIT ? OFFSET ?',
    ).all(limit, offset) as InstrumentRow[];
    return rows.map((r) => ({
      symbol: r.symbol,
      tickSize: r.tick_size,
      lotSize: r.lot_size,
      referencePrice: r.reference_price,
    }));
  }

  async createUser(user: NewUser): Promise<UserRecord | undefined> {
    try {
      const info = this.stmt('INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)').run(
        user.username,
        user.passwordHash,
        Date.now(),
      );
      return {
        userId: Number(info.lastInsertRowid),
        username: user.username,
        passwordHash: user.passwordHash,
      };
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  async findUser(username: string): Promise<UserRecord | undefined> {
    const row = this.stmt('SELECT user_id, username, password_hash FROM users WHERE username = ?').get(
      username,
    ) as UserRow | undefined;
    return row === undefined ? undefined : toUser(row);
  }

  async createUsers(users: readonly NewUser[]): Promise<UserRecord[]> {
    const insert = this.stmt('INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)');
    const now = Date.now();
    try {
      return this.db.transaction(() =>
        users.map((u) => ({
          userId: Number(insert.run(u.username, u.passwordHash, now).lastInsertRowid),
          username: u.username,
          passwordHash: u.passwordHash,
        })),
      )();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new StorageError('USERNAME_TAKEN', 'usage', 'a username in the batch is already taken', {
          cause: error,
        });
      }
      throw error;
    }
  }

  async countUsers(): Promise<number> {
    return (this.stmt('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  async insertSessions(sessions: readonly SessionRecord[]): Promise<void> {
    const insert = this.stmt('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const s of sessions) insert.run(s.tokenHash, s.userId, s.expiresAt);
    })();
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.stmt('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  async deleteExpiredSessions(nowMs: number): Promise<number> {
    return this.stmt('DELETE FROM sessions WHERE expires_at <= ?').run(nowMs).changes;
  }

  /**
   * One session by token hash, synchronously (better-sqlite3): what the 'database' session
   * store reads on every authenticated request.
   */
  findSessionSync(tokenHash: string): SessionRecord | undefined {
    const row = this.stmt('SELECT user_id, expires_at FROM sessions WHERE token_hash = ?').get(tokenHash) as
      { user_id: number; expires_at: number } | undefined;
    return row === undefined ? undefined : { tokenHash, userId: row.user_id, expiresAt: row.expires_at };
  }

  async loadSessions(nowMs: number): Promise<SessionRecord[]> {
    const rows = this.stmt('SELECT token_hash, user_id, expires_at FROM sessions WHERE expires_at > ?').all(
      nowMs,
    ) as { token_hash: string; user_id: number; expires_at: number }[];
    return rows.map((r) => ({ tokenHash: r.token_hash, userId: r.user_id, expiresAt: r.expires_at }));
  }

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toUser(row: UserRow): UserRecord {
  return { userId: row.user_id, username: row.username, passwordHash: row.password_hash };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
