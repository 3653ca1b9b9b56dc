/** A run's id and the version of the tool that made it. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** e.g. 20251124T013512Z-3f9a1c: sortable by time, unique, safe in usernames and file names */
export function createRunId(at: Date = new Date()): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

let cached: string | undefined;

/** The version of @headroom/scenarios, from its package.json (found from here, in src or dist). */
export function toolVersion(): string {
  if (cached !== undefined) return cached;
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const file = join(directory, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === '@headroom/scenarios' && typeof pkg.version === 'string')
        return (cached = pkg.version);
    }
    directory = dirname(directory);
  }
  return (cached = '0.0.0');
}
