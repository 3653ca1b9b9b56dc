import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { HeadroomError } from '../errors.js';
import type { RunResult } from './types.js';
import { validateRunResult } from './validate-run-result.js';

/**
 * Writes a RunResult atomically: a temporary file in the same directory is written,
 * fsynced and renamed over the destination, so a reader (or a crash, or Ctrl-C) sees the
 * old file or the whole new one, never half of it. The result is validated first: writing
 * a file no reader accepts would be a bug here.
 */
export async function writeRunResult(path: string, run: RunResult): Promise<void> {
  try {
    validateRunResult(run, 'the RunResult being written');
  } catch (error) {
    throw new HeadroomError('INVALID_RUN_RESULT', 'internal', (error as Error).message, { cause: error });
  }
  await writeFileAtomic(path, `${JSON.stringify(run, null, 2)}\n`);
}

export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const directory = dirname(path);
  const temporary = join(
    directory,
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const file = await open(temporary, 'wx');
    try {
      await file.writeFile(data, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new HeadroomError(
      'WRITE_FAILED',
      'usage',
      `cannot write ${path} (${code}): ${(error as Error).message}`,
      { cause: error },
    );
  }
  await syncDirectory(directory);
}

/** Makes the rename itself durable. Not every platform can open a directory; then it is skipped. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows and some file systems refuse; the data itself is already synced.
  }
}
