import { describe, expect, it } from 'vitest';
import { ArrivalSchedule } from './arrival-schedule.js';

function arrivals(schedule: ArrivalSchedule, n: number): number[] {
  return Array.from({ length: n }, () => schedule.next());
}

describe('ArrivalSchedule', () => {
  it('constant: the k-th arrival is at start + k / rate exactly, with no drift', () => {
    const schedule = new ArrivalSchedule({ ratePerSecond: 3000, process: 'constant', seed: 1, startMs: 100 });
    const times = arrivals(schedule, 300_001);
    expect(times[0]).toBe(100);
    expect(times[1]).toBeCloseTo(100 + 1 / 3, 12);
    // 300,000 intervals of 1/3 ms: 100 s later, to the nanosecond
    expect(times[300_000]).toBeCloseTo(100 + 100_000, 6);
    expect(schedule.produced).toBe(300_001);
  });

  it('poisson: exponential inter-arrival times with mean 1 / rate', () => {
    const rate = 2000;
    const n = 100_000;
    const schedule = new ArrivalSchedule({ ratePerSecond: rate, process: 'poisson', seed: 42, startMs: 0 });
    const times = arrivals(schedule, n);
    const gaps = times.map((t, i) => t - (i === 0 ? 0 : times[i - 1]));
    const mean = gaps.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / (n - 1));
    // mean 0.5 ms; its standard error is 0.5 / sqrt(n) ≈ 0.0016 ms; 5 SE
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.008);
    // exponential: standard deviation equals the mean (coefficient of variation 1)
    expect(Math.abs(sd / mean - 1)).toBeLessThan(0.03);
    // CDF at the mean and at 3 × the mean: 1 − e^−1 ≈ 0.632, 1 − e^−3 ≈ 0.950 (binomial SD ≈ 0.0015)
    const below = (x: number): number => gaps.filter((g) => g <= x).length / n;
    expect(Math.abs(below(0.5) - (1 - Math.exp(-1)))).toBeLessThan(0.008);
    expect(Math.abs(below(1.5) - (1 - Math.exp(-3)))).toBeLessThan(0.005);
    // arrivals never go back in time
    expect(gaps.every((g) => g >= 0)).toBe(true);
  });

  it('poisson: counts per 1-second window have mean ≈ variance ≈ rate', () => {
    const rate = 500;
    const seconds = 400;
    const schedule = new ArrivalSchedule({
      ratePerSecond: rate,
      process: 'poisson',
      seed: 'windows',
      startMs: 0,
    });
    const counts = new Array<number>(seconds).fill(0);
    for (let t = schedule.next(); t < seconds * 1000; t = schedule.next()) counts[Math.floor(t / 1000)]++;
    const mean = counts.reduce((a, b) => a + b, 0) / seconds;
    const variance = counts.reduce((a, c) => a + (c - mean) ** 2, 0) / (seconds - 1);
    // SE of the mean ≈ sqrt(500 / 400) ≈ 1.1; variance ratio SE ≈ sqrt(2 / 399) ≈ 0.07
    expect(Math.abs(mean - rate)).toBeLessThan(6);
    expect(Math.abs(variance / rate - 1)).toBeLessThan(0.3);
  });

  it('the same seed gives the same schedule; another seed or stream another one', () => {
    const make = (seed: number | string, stream = 0): number[] =>
      arrivals(
        new ArrivalSchedule({ ratePerSecond: 100, process: 'poisson', seed, stream, startMs: 5 }),
        1000,
      );
    expect(make(7)).toEqual(make(7));
    expect(make('plan')).toEqual(make('plan'));
    expect(make(8)).not.toEqual(make(7));
    expect(make(7, 1)).not.toEqual(make(7));
  });

  it('rejects a rate that is not a positive number', () => {
    for (const ratePerSecond of [0, -1, Number.NaN, Infinity]) {
      expect(() => new ArrivalSchedule({ ratePerSecond, process: 'constant', seed: 1, startMs: 0 })).toThrow(
        /arrival rate must be a positive number/,
      );
    }
  });
});
