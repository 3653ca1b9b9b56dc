import { describe, expect, it } from 'vitest';

import { jsonForScript } from './json-script.js';

describe('jsonForScript', () => {
  it.each([
    '</script><script>alert(1)</script>',
    '<!-- <script>',
    '<img src=x onerror=alert(1)>',
    'a & b > c',
    'line\u2028separator\u2029',
  ])('keeps %j inert and round-trips it', (text) => {
    const out = jsonForScript({ label: text });
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(out)).toEqual({ label: text });
  });
});
