import pg from 'pg';

import { StorageError } from '../errors.js';
import type { Instrument } from '../instruments/generate-instruments.js';
import type { NewUser, SessionRecord, Store, UserRecord } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS instruments (
  idx integer PRIMARY KEY,
  symbol text NOT NULL UNIQUE,
  tick_size bigint NOT NULL,
  lot_size bigint NOT NULL,
  reference_price bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  user_id bigserial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions (expires_at);
`;

export interface PgStoreOptions {
  /** Connections in the pool. @default 4 */
  poolSize?: number;
  /** Keep the tables in this schema (created if missing) instead of the default search path. */
  schema?: string;
}

/**
 * The PostgreSQL store, same contract as SqliteStore. bigint columns come back from pg as
 * strings; every value here is far below 2^53, so they are converted with Number().
 * Bulk inserts send whole columns as arrays through unnest(): one round trip per batch.
 */
export class PgStore implements Store {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;
  private readonly schema: string | undefined;

  constructor(connectionString: string, options: PgStoreOptions = {}) {
    if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
      throw new StorageError(
        'INVALID_SCHEMA',
        'usage',
        `schema name ${JSON.stringify(options.schema)} is not allowed`,
      );
    }
    this.schema = options.schema;
    this.pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 4,
      // Set at connection start-up, so every pooled connection sees the schema from its first query.
      ...(this.schema === undefined ? {} : { options: `-c search_path=${this.schema}` }),
    });
    // An idle client that loses its connection emits here; without a listener it would crash the process.
    this.pool.on('error', () => undefined);
  }

  async migrate(): Promise<void> {
    try {
      if (this.schema !== undefined) await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await this.pool.query(SCHEMA);
    } catch (error) {
      throw new StorageError(
        'DATABASE_UNAVAILABLE',
        'usage',
        `cannot prepare the PostgreSQL database: ${String(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  async replaceInstruments(instruments: readonly Instrument[]): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('DELETE FROM instruments');
      await client.query(
        `INSERT INTO instruments (idx, symbol, tick_size, lot_size, reference_price)
         SELECT * FROM unnest($1::int[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[])`,
        [
          instruments.map((_, idx) => idx),
          instruments.map((i) => i.symbol),
          instruments.map((i) => i.tickSize),
          instruments.map((i) => i.lotSize),
          instruments.map((i) => i.referencePrice),
        ],
      );
    });
  }

  async countInstruments(): Promise<number> {
    const result = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM instruments');
    return Number(result.rows[0].n);
  }

  async listInstruments(offset: number, limit: number): Promise<Instrument[]> {
    const result = await this.pool.query<{
      symbol: string;
      tick_size: string;
      lot_size: string;
      reference_price: string;
    }>(
      'SELECT symbol, tick_size, lot_size, reference_price FROM instruments ORDER BY idx LIMIT $1 OFFSET $2',
      [limit, offset],
    );
    return result.rows.map((r) => ({
      symbol: r.symbol,
      tickSize: Number(r.tick_size),
      lotSize: Number(r.lot_size),
      referencePrice: Number(r.reference_price),
    }));
  }

  async createUser(user: NewUser): Promise<UserRecord | undefined> {
    const result = await this.pool.query<{ user_id: string }>(
      `INSERT INTO users (username, password_hash, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO NOTHING RETURNING user_id`,
      [user.username, user.passwordHash, Date.now()],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : { userId: Number(row.user_id), ...user };
  }

  async findUser(username: string): Promise<UserRecord | undefined> {
    const result = await this.pool.query<{ user_id: string; username: string; password_hash: string }>(
      'SELECT user_id, username, password_hash FROM users WHERE username = $1',
      [username],
    );
    const row = result.rows[0];
    return row === undefined
      ? undefined
      : { userId: Number(row.user_id), username: row.username, passwordHash: row.password_hash };
  }

  async createUsers(users: readonly NewUser[]): Promise<UserRecord[]> {
    if (users.length === 0) return [];
    try {
      const result = await this.pool.query<{ user_id: string; username: string }>(
        `INSERT INTO users (username, password_hash, created_at)
         SELECT u, h, $3 FROM unnest($1::text[], $2::text[]) AS t(u, h) RETURNING user_id, username`,
        [users.map((u) => u.username), users.map((u) => u.passwordHash), Date.now()],
      );
      // RETURNING order is not promised to follow the input: match by username.
      const ids = new Map(result.rows.map((r) => [r.username, Number(r.user_id)]));
      return users.map((u) => ({
        userId: ids.get(u.username)!,
        username: u.username,
        passwordHash: u.passwordHash,
      }));
    } catch (error) {
      if ((error as { code?: unknown }).code === '23505') {
        throw new StorageError('USERNAME_TAKEN', 'usage', 'a username in the batch is already taken', {
          cause: error,
        });
      }
      throw error;
    }
  }

  async countUsers(): Promise<number> {
    const result = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM users');
    return Number(result.rows[0].n);
  }

  async insertSessions(sessions: readonly SessionRecord[]): Promise<void> {
    if (sessions.length === 0) return;
    await this.pool.query(
      `INSERT INTO sessions (token_hash, user_id, expires_at)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])`,
      [sessions.map((s) => s.tokenHash), sessions.map((s) => s.userId), sessions.map((s) => s.expiresAt)],
    );
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteExpiredSessions(nowMs: number): Promise<number> {
    const result = await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1', [nowMs]);
    return result.rowCount ?? 0;
  }

  async loadSessions(nowMs: number): Promise<SessionRecord[]> {
    const result = await this.pool.query<{ token_hash: string; user_id: string; expires_at: string }>(
      'SELECT token_hash, user_id, expires_at FROM sessions WHERE expires_at > $1',
      [nowMs],
    );
    return result.rows.map((r) => ({
      tokenHash: r.token_hash,
      userId: Number(r.user_id),
      expiresAt: Number(r.expires_at),
    }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async transaction(work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
