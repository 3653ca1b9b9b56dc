import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { firstJsonError, jsonErrorPosition } from './json-error-position.js';
import { readRunResult } from './read-run-result.js';
import { sampleRunResult } from './sample-run-result.js';
import { writeFileAtomic, writeRunResult } from './write-run-result.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-results-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeRunResult and readRunResult', () => {
  it('round-trip a RunResult exactly', async () => {
    const file = join(dir, 'results.json');
    const run = sampleRunResult();
    await writeRunResult(file, run);
    expect(await readRunResult(file)).toEqual(JSON.parse(JSON.stringify(run)));
    expect(await readdir(dir)).toEqual(['results.json']);
  });

  it('replace an existing file whole, leaving no temporary file', async () => {
    const file = join(dir, 'results.json');
    await writeFile(file, 'old content');
    await writeRunResult(file, sampleRunResult());
    expect((await readFile(file, 'utf8')).startsWith('{\n  "schemaVersion": 1,')).toBe(true);
    expect(await readdir(dir)).toEqual(['results.json']);
  });

  it('refuse to write an invalid RunResult (a bug), leaving the old file', async () => {
    const file = join(dir, 'results.json');
    await writeFile(file, 'old content');
    const broken = { ...sampleRunResult(), status: 'finished' } as unknown as ReturnType<
      typeof sampleRunResult
    >;
    await expect(writeRunResult(file, broken)).rejects.toMatchObject({
      code: 'INVALID_RUN_RESULT',
      category: 'internal',
    });
    expect(await readFile(file, 'utf8')).toBe('old content');
  });

  it('name a missing file', async () => {
    const file = join(dir, 'nope.json');
    await expect(readRunResult(file)).rejects.toMatchObject({
      code: 'RESULTS_NOT_FOUND',
      category: 'usage',
      message: `results file ${file} does not exist`,
    });
  });

  it('point at where a file stops being JSON', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{\n  "schemaVersion": 1,\n  "status": complete\n}\n');
    await expect(readRunResult(file)).rejects.toMatchObject({
      code: 'INVALID_RESULTS',
      category: 'usage',
      message: expect.stringMatching(new RegExp(`^${file}:3:13 is not valid JSON: `)),
    });
  });

  it('point at the end of a truncated file', async () => {
    const file = join(dir, 'cut.json');
    await writeFile(file, '{\n  "schemaVersion": 1,');
    await expect(readRunResult(file)).rejects.toThrow(new RegExp(`^${file}:2:\\d+ is not valid JSON`));
  });

  it('report a JSON file that is not a RunResult', async () => {
    const file = join(dir, 'other.json');
    await writeFile(file, '{"hello": "world"}');
    await expect(readRunResult(file)).rejects.toThrow(
      `${file} has no schemaVersion; this headroom reads RunResult schemaVersion 1`,
    );
  });
});

describe('writeFileAtomic', () => {
  it('never exposes a partial file: a concurrent reader sees the old or the new content whole', async () => {
    const file = join(dir, 'big.json');
    const versions = ['a', 'b', 'c', 'd'].map((c) => c.repeat(4 * 1024 * 1024)); // 4 MB each
    await writeFileAtomic(file, versions[0] ?? '');
    let writing = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (writing) {
        const text = await readFile(file, 'utf8');
        seen.add(`${text[0]}:${text.length}`);
        expect(versions).toContain(text);
      }
    })();
    for (const version of versions.slice(1)) await writeFileAtomic(file, version);
    writing = false;
    await reader;
    expect([...seen].every((s) => /^[abcd]:4194304$/.test(s))).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(versions[3]);
    expect(await readdir(dir)).toEqual(['big.json']);
  });

  it('cleans up its temporary file when the write fails', async () => {
    // Renaming a file over a non-empty directory fails after the temporary file was written.
    const target = join(dir, 'taken');
    await mkdir(join(target, 'child'), { recursive: true });
    await expect(writeFileAtomic(target, 'data')).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    expect(await readdir(dir)).toEqual(['taken']);
  });

  it('says which directory is missing', async () => {
    await expect(writeFileAtomic(join(dir, 'no', 'such', 'results.json'), 'x')).rejects.toThrow(
      /cannot write .*results\.json \(ENOENT\)/,
    );
  });
});

describe('jsonErrorPosition', () => {
  it.each([
    ['{"a": x}', 'Unexpected token x in JSON at position 6', ':1:7'],
    ['{\n"a": x}', "Unexpected token 'x', ... is not valid JSON (line 2 column 6)", ':2:6'],
    ['{"a": ', 'Unexpected end of JSON input', ':1:7'],
    ['{\n  "status": complete\n}', 'Unexpected token \'c\', ...""status": complete', ':2:13'],
    ['{}', 'something else', ''],
  ])('%j / %s → %s', (text, message, expected) => {
    expect(jsonErrorPosition(text, new SyntaxError(message))).toBe(expected);
  });

  it.each([
    ['{"a": [1, 2.5e3, -0, true, false, null, "x\\n\\u00e9"]}', null],
    ['  {"a": 1}  ', null],
    ['{"a": 1,}', 8],
    ['[1 2]', 3],
    ['{"a" 1}', 5],
    ['{"a": 01}', 7],
    ['"abc', 4],
    ['{"a": tru}', 6],
    ['{} x', 3],
    ['"\\q"', 2],
  ])('firstJsonError(%j) = %j', (text, offset) => {
    expect(firstJsonError(text)).toBe(offset);
    if (offset === null) expect(() => JSON.parse(text) as unknown).not.toThrow();
    else expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });
});
