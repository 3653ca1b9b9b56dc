/** Paths of the golden RunResult files (see fixtures/make-fixtures.ts). */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Tests run from the sources (vitest) but the folder is found from dist too.
export const FIXTURES = here.includes(join('dist', 'test'))
  ? join(here, '..', '..', 'test', 'fixtures')
  : join(here, 'fixtures');

export const fixture = (name: string): string => join(FIXTURES, name);

/** A real run against the reference system (mixed 1x/2x/5x, isolated runs, a sweep), committed by scenarios. */
export const MIXED_RUN = join(FIXTURES, '..', '..', '..', 'scenarios', 'test', 'fixtures', 'mixed-run.json');
