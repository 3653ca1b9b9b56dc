import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { createAjv } from './schema-issues.js';
import { renderSchemas, schemaDirectory } from './write-schemas.js';

describe('published JSON Schemas', () => {
  it.each(Object.entries(renderSchemas()))(
    '%s is committed as generated (run `pnpm schemas` after changing it)',
    async (name, content) => {
      // Compared as JSON: `pnpm schemas` runs prettier over the files after writing them.
      const committed = await readFile(new URL(name, schemaDirectory()), 'utf8');
      expect(JSON.parse(committed)).toEqual(JSON.parse(content));
    },
  );

  it.each(Object.entries(renderSchemas()))(
    '%s is a valid draft-07 schema that says it is generated',
    (_, content) => {
      const schema = JSON.parse(content) as Record<string, unknown>;
      expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
      expect(schema['$comment']).toMatch(/^Generated from .* by `pnpm schemas`; do not edit\.$/);
      expect(() => createAjv().compile(schema)).not.toThrow();
    },
  );

  it('documents every plan field for editors', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      for (const [key, child] of Object.entries(
        (schema['properties'] as Record<string, Record<string, unknown>> | undefined) ?? {},
      )) {
        if (!('description' in child) && !('const' in child)) missing.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      for (const branch of (schema['oneOf'] as unknown[] | undefined) ?? []) walk(branch, path);
      walk(schema['items'], `${path}[]`);
      if (typeof schema['additionalProperties'] === 'object')
        walk(schema['additionalProperties'], `${path}.*`);
    };
    walk(JSON.parse(renderSchemas()['plan.schema.json'] ?? '{}'), '');
    expect(missing).toEqual([]);
  });
});
