import { writeFile } from 'node:fs/promises';

import { HeadroomError } from '../errors.js';
import { writeFileAtomic } from '../result/write-run-result.js';
import { renderDefaultPlanYaml } from './render-default-plan.js';

/**
 * Writes the commented default plan (`headroom init`). An existing file is kept unless
 * `force` is set: the check and the creation are one step ('wx'), so two inits cannot race.
 */
export async function writeDefaultPlan(
  path: string,
  options: { readonly force?: boolean } = {},
): Promise<void> {
  const text = renderDefaultPlanYaml();
  if (options.force === true) {
    await writeFileAtomic(path, text);
    return;
  }
  try {
    await writeFile(path, text, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new HeadroomError(
        'PLAN_EXISTS',
        'usage',
        `${path} already exists; pass --force to overwrite it`,
        { cause: error },
      );
    }
    throw new HeadroomError(
      'WRITE_FAILED',
      'usage',
      `cannot write ${path} (${code ?? 'error'}): ${(error as Error).message}`,
      { cause: error },
    );
  }
}
