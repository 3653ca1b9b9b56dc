import { describe, expect, it } from 'vitest';

import { parsePercent } from './flags.js';

describe('parsePercent', () => {
  it.each([
    ['5%', 0.05],
    ['5', 0.05],
    ['12.5 %', 0.125],
    ['0.05', 0.05],
    ['0', 0],
    ['150%', 1.5],
  ])('%s → %d', (input, expected) => expect(parsePercent(input)).toBeCloseTo(expected, 12));

  it.each(['', 'five', '-5%', '5%%', '2000%'])('refuses %j', (input) => {
    expect(() => parsePercent(input)).toThrow(/percentage|more than/);
  });
});
