import { describe, expect, it } from 'vitest';

import { markdownText } from './summary-markdown.js';

describe('markdownText', () => {
  it.each([
    { text: '<img src=x onerror=alert(1)>', out: '&lt;img src=x onerror=alert(1)&gt;' },
    { text: 'a | b', out: 'a \\| b' },
    { text: '**bold** _it_ `code` [link](x)', out: '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[link\\](x)' },
    { text: 'two\nlines', out: 'two lines' },
    { text: 'AT&T', out: 'AT&amp;T' },
  ])('$text → $out', ({ text, out }) => {
    expect(markdownText(text)).toBe(out);
  });
});
