/**
 * Writes the published JSON Schemas (schema/plan.schema.json, schema/run-result.schema.json)
 * from their TypeScript sources. Run with `pnpm schemas` (which then formats them with
 * prettier); a test fails when the committed files differ from what this renders.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { RUN_RESULT_SCHEMA } from '../result/run-result-schema.js';
import { PLAN_SCHEMA } from './plan-schema.js';

/** File name → content, exactly as committed. */
export function renderSchemas(): Record<string, string> {
  return {
    'plan.schema.json': `${JSON.stringify(PLAN_SCHEMA, null, 2)}\n`,
    'run-result.schema.json': `${JSON.stringify(RUN_RESULT_SCHEMA, null, 2)}\n`,
  };
}

/** The package's schema/ directory, from either src/plan (tests) or dist/src/plan (built). */
export function schemaDirectory(from: string = import.meta.url): URL {
  const up = fileURLToPath(from).includes('/dist/') ? '../../../schema/' : '../../schema/';
  return new URL(up, from);
}

async function main(): Promise<void> {
  const directory = schemaDirectory();
  await mkdir(directory, { recursive: true });
  for (const [name, content] of Object.entries(renderSchemas())) {
    const file = new URL(name, directory);
    await writeFile(file, content);
    process.stdout.write(`wrote ${fileURLToPath(file)}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
