import { readFile } from 'node:fs/promises';

import { HeadroomError } from './errors.js';

/**
 * Reads a file the user named (a plan, a results file) and, when it cannot, throws a
 * usage error that says which file, what it was for, and why: missing, a directory, or
 * unreadable.
 */
export async function readUserFile(path: string, what: string, code: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    const reason =
      errno === 'ENOENT'
        ? 'does not exist'
        : errno === 'EISDIR'
          ? 'is a directory'
          : `cannot be read (${errno ?? String(error)})`;
    throw new HeadroomError(code, 'usage', `${what} ${path} ${reason}`, { cause: error });
  }
}
