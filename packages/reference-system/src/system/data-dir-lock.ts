import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { StorageError } from '../errors.js';

export const LOCK_FILE = 'LOCK';

/** Directories this process holds: a lock file with our own pid may be a stale one from a
 * previous process that had the same pid (containers), so in-process use is tracked here. */
const held = new Set<string>();

/**
 * Claims a data directory for this process: two services appending to one journal would
 * corrupt it. The lock file holds the owner's pid; a lock left by a process that no longer
 * exists (kill -9) is taken over. Returns the release function.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, LOCK_FILE);
  if (held.has(file))
    throw new StorageError('DATA_DIR_IN_USE', 'usage', `data directory ${dir} is in use by this process`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      held.add(file);
      return async () => {
        held.delete(file);
        await unlink(file).catch(() => undefined);
      };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') {
        throw new StorageError(
          'DATA_DIR_UNWRITABLE',
          'usage',
          `cannot write in data directory ${dir}: ${String(error)}`,
          {
            cause: error,
          },
        );
      }
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new StorageError(
          'DATA_DIR_IN_USE',
          'usage',
          `data directory ${dir} is in use by process ${owner}`,
        );
      }
      await unlink(file).catch(() => undefined); // stale: its owner is gone
    }
  }
  throw new StorageError('DATA_DIR_IN_USE', 'usage', `could not lock data directory ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: unknown }).code === 'EPERM';
  }
}
