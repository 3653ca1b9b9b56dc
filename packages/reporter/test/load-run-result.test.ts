import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { InvalidResultsError } from '../src/errors.js';
import { checkRunResult } from '../src/load/check-run-result.js';
import { loadRunResult, parseRunResult } from '../src/load/load-run-result.js';
import { fixture } from './fixtures.js';
import { interruptedRun } from './support/interrupted-run.js';
import { referenceRun } from './support/reference-run.js';

async function refusal(name: string): Promise<InvalidResultsError> {
  try {
    await loadRunResult(fixture(name));
  } catch (error) {
    if (error instanceof InvalidResultsError) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe('loadRunResult', () => {
  it.each(['reference-run.json', 'interrupted-run.json'])('reads the golden %s', async (name) => {
    const run = await loadRunResult(fixture(name));
    expect(run.schemaVersion).toBe(1);
    expect(run.steps.length).toBeGreaterThan(0);
  });

  it('keeps the committed golden files in step with their generator', async () => {
    const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
    expect(await readFile(fixture('reference-run.json'), 'utf8')).toBe(json(referenceRun()));
    expect(await readFile(fixture('interrupted-run.json'), 'utf8')).toBe(json(interruptedRun()));
  });

  it.each([
    {
      name: 'broken/wrong-schema-version.json',
      problems: ['schemaVersion: expected 1, got 2 (written by a newer headroom: upgrade to read it)'],
    },
    { name: 'broken/no-schema-version.json', problems: ['schemaVersion: expected 1, got nothing'] },
    { name: 'broken/missing-fields.json', problems: ['plan: missing', 'steps: missing'] },
    {
      name: 'broken/wrong-types.json',
      problems: [
        'status: expected one of "complete", "interrupted", "aborted", got a string ("finished")',
        'steps[1].multiplier: expected a finite number, got a string ("2x")',
        'steps[1].workloads[0].achievedRate: expected a finite number, got null',
        'steps[1].workloads[0].generator.bound: expected true or false, got a string ("no")',
        'thresholds[0].passed: expected true or false, got number 1',
      ],
    },
    { name: 'broken/array.json', problems: ['(root): expected a RunResult object, got an array'] },
  ])('refuses $name, listing every problem with its path', async ({ name, problems }) => {
    const error = await refusal(name);
    expect(error.code).toBe('INVALID_RESULTS');
    expect(error.category).toBe('usage');
    expect(error.problems).toEqual(problems);
    expect(error.message).toContain(fixture(name));
  });

  it.each([
    { name: 'broken/not-json.txt', message: /\(root\): not JSON .*was the file cut short\?/ },
    { name: 'broken/truncated.json', message: /\(root\): not JSON .*was the file cut short\?/ },
    { name: 'does-not-exist.json', message: /\(file\): cannot read it \(ENOENT/ },
  ])('refuses $name', async ({ name, message }) => {
    const error = await refusal(name);
    expect(error.code).toBe('INVALID_RESULTS');
    expect(error.message).toMatch(message);
  });

  it('refuses an empty file as empty', () => {
    expect(() => parseRunResult('  \n', 'empty.json')).toThrow(
      'empty.json is not a valid RunResult:\n  (root): the file is empty',
    );
  });

  it('accepts fields a newer writer added', () => {
    expect(checkRunResult({ ...interruptedRun(), newField: { anything: true } })).toEqual([]);
  });
});
