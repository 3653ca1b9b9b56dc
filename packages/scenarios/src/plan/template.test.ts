import { describe, expect, it } from 'vitest';

import { compileTemplate, type TemplateContext } from './template.js';

/** A deterministic random source: the same sequence every run. */
function sequence(values: readonly number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

const context = (overrides: Partial<TemplateContext> = {}): TemplateContext => ({
  seq: 7,
  random: sequence([0, 0.5, 0.999]),
  env: { API_TOKEN: 's3cret' },
  ...overrides,
});

function render(source: string, ctx = context()): string {
  const compiled = compileTemplate(source);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.template.render(ctx);
}

describe('compileTemplate', () => {
  it('renders literal text unchanged', () => {
    expect(render('{"symbol": "ABC"}')).toBe('{"symbol": "ABC"}');
  });

  it('renders every generated field', () => {
    expect(render('id-{{seq}}')).toBe('id-7');
    expect(render('{{randomInt 1 100}}', context({ random: sequence([0.999]) }))).toBe('100');
    expect(render('{{randomInt 1 100}}', context({ random: sequence([0]) }))).toBe('1');
    expect(render('{{pick buy sell}}', context({ random: sequence([0.6]) }))).toBe('sell');
    expect(render('{{randomString 5}}', context({ random: sequence([0]) }))).toBe('aaaaa');
    expect(render('Bearer {{env API_TOKEN}}')).toBe('Bearer s3cret');
    expect(Number(render('{{timestamp}}'))).toBeGreaterThan(1.6e12);
  });

  it('renders a UUID v4 from the seeded source, the same for the same sequence', () => {
    const a = render('{{uuid}}', context({ random: sequence([0.1, 0.7, 0.3]) }));
    const b = render('{{uuid}}', context({ random: sequence([0.1, 0.7, 0.3]) }));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).toBe(b);
  });

  it('lists the environment variables it reads', () => {
    const compiled = compileTemplate('{{env A}}:{{env B_2}}');
    expect(compiled.ok && compiled.template.env).toEqual(['A', 'B_2']);
  });

  it.each([
    ['x {{nope}}', 3, /unknown field \{\{nope\}\}/],
    ['{{randomInt 5}}', 1, /two integers/],
    ['ab{{randomInt 9 1}}', 3, /MIN 9 is above MAX 1/],
    ['{{randomString 0}}', 1, /length from 1 to 1024/],
    ['{{pick}}', 1, /at least one word/],
    ['{{env 1BAD}}', 1, /one variable name/],
    ['{{uuid 4}}', 1, /no arguments/],
    ['{{}}', 1, /empty field/],
    ['abc {{seq', 5, /not closed/],
  ])('%j fails at column %d', (source, column, message) => {
    const compiled = compileTemplate(source);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) {
      expect(compiled.column).toBe(column);
      expect(compiled.message).toMatch(message);
    }
  });
});
