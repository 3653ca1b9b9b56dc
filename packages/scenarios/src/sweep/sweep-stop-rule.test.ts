import { describe, expect, it } from 'vitest';
import { concurrencyForPoints, defaultConcurrencyLevels } from './concurrency-levels.js';
import { sweepStopReason, type MeasuredLevel, type StopRule } from './sweep-stop-rule.js';

const rule: StopRule = {
  minPoints: 8,
  growthThreshold: 0.03,
  flatPoints: 3,
  retrogradeRatio: 0.8,
  maxErrorRatio: 0.5,
};

function levels(throughputs: readonly number[], errorRatios: readonly number[] = []): MeasuredLevel[] {
  const concurrencies = defaultConcurrencyLevels(4096);
  return throughputs.map((throughput, i) => ({
    concurrency: concurrencies[i],
    throughput,
    errorRatio: errorRatios[i] ?? 0,
  }));
}

describe('sweepStopReason', () => {
  const cases: { name: string; throughputs: number[]; errors?: number[]; stop: RegExp | null }[] = [
    { name: 'still growing', throughputs: [100, 190, 270, 340, 450, 540, 650, 700], stop: null },
    {
      name: 'a plateau reached early still measures minPoints points',
      throughputs: [100, 180, 200, 201, 199, 202, 200],
      stop: null,
    },
    {
      name: 'a plateau after minPoints points',
      throughputs: [100, 180, 200, 201, 199, 202, 200, 203],
      stop: /throughput stopped growing \(3 points within 3% of the best, 203\/s at concurrency 16\)/,
    },
    {
      name: 'growth above the threshold resets the plateau',
      throughputs: [100, 180, 200, 201, 199, 202, 200, 230],
      stop: null,
    },
    {
      name: 'retrograde throughput',
      throughputs: [100, 180, 300, 400, 500, 600, 700, 800, 500, 450],
      stop: /throughput fell below 80% of its best \(800\/s\) at concurrency 32/,
    },
    {
      name: 'a failing target stops at once',
      throughputs: [100, 180],
      errors: [0, 0.6],
      stop: /errors: 60% of operations failed at concurrency 2 \(limit 50%\)/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const reason = sweepStopReason(levels(c.throughputs, c.errors), rule);
      if (c.stop === null) expect(reason).toBeNull();
      else expect(reason).toMatch(c.stop);
    });
  }

  it('has nothing to say before the first point', () => {
    expect(sweepStopReason([], rule)).toBeNull();
  });
});

describe('defaultConcurrencyLevels', () => {
  it('goes 1, 2, 3, 4, 6, 8, 12, … up to the maximum', () => {
    expect(defaultConcurrencyLevels(64)).toEqual([1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64]);
    expect(defaultConcurrencyLevels(10)).toEqual([1, 2, 3, 4, 6, 8]);
    expect(defaultConcurrencyLevels(1)).toEqual([1]);
  });
});

describe('concurrencyForPoints', () => {
  it.each([
    [1, 1],
    [2, 2],
    [6, 8],
    [8, 16],
    [9, 24],
    [14, 128],
  ])('%i points need maxConcurrency %i, and one level less gives fewer', (points, max) => {
    expect(concurrencyForPoints(points)).toBe(max);
    expect(defaultConcurrencyLevels(max)).toHaveLength(points);
    expect(defaultConcurrencyLevels(max - 1).length).toBeLessThan(points);
  });
});
