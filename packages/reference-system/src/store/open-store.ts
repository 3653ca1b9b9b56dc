import { join } from 'node:path';

import { PgStore } from './pg-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/** The SQLite file's name inside the data directory. */
export const SQLITE_FILE = 'headroom.sqlite';

/**
 * Opens and migrates the store the configuration asks for: PostgreSQL when a database URL
 * is given, otherwise SQLite in the data directory (which must exist).
 */
export async function openStore(config: {
  databaseUrl: string | null;
  dataDir: string;
  /** PostgreSQL connections. @default 4 */
  databasePoolSize?: number;
}): Promise<Store> {
  const store: Store =
    config.databaseUrl !== null
      ? new PgStore(config.databaseUrl, { poolSize: config.databasePoolSize ?? 4 })
      : new SqliteStore(join(config.dataDir, SQLITE_FILE));
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
