import { describe, expect, it } from 'vitest';

import { MatchingEngine } from '../engine/index.js';
import { generateInstruments, symbolOf } from './generate-instruments.js';

describe('generateInstruments', () => {
  it('is deterministic and prefix-stable', () => {
    const small = generateInstruments(100);
    const large = generateInstruments(1000);
    expect(large.slice(0, 100)).toEqual(small);
    expect(generateInstruments(100)).toEqual(small);
  });

  it('names symbols SYM00001… and keeps prices on the tick', () => {
    const list = generateInstruments(50_000);
    expect(list[0].symbol).toBe('SYM00001');
    expect(list[49_999].symbol).toBe('SYM50000');
    expect(symbolOf(99_999)).toBe('SYM100000');
    expect(new Set(list.map((i) => i.symbol)).size).toBe(50_000);
    expect(list.filter((i) => i.referencePrice % i.tickSize !== 0 || i.referencePrice < 1000)).toEqual([]);
    expect(new Set(list.map((i) => i.tickSize)).size).toBeGreaterThan(1);
    expect(new Set(list.map((i) => i.lotSize)).size).toBeGreaterThan(1);
  });

  it('is accepted by the matching engine', () => {
    expect(new MatchingEngine(generateInstruments(50_000)).instrumentCount).toBe(50_000);
  });
});
