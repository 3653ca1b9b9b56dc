import { describe, expect, it } from 'vitest';
import { decodeHistogram, mergeLatencyResults, summarizeHistogram } from './latency-histogram.js';
import { LatencyRecorder, TIMEOUT_CODE } from './latency-recorder.js';

/** Within HDR's 3 significant digits (0.1%), plus 1 µs of rounding. */
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * 0.001 + 0.001);
}

describe('LatencyRecorder', () => {
  it('records corrected (from scheduled) and raw (from sent) latency in ms', () => {
    const recorder = new LatencyRecorder(0);
    // operation i: scheduled at i, sent 10 ms later, answered 1 ms after sending
    for (let i = 0; i < 1000; i++) recorder.record(i, i + 10, i + 11);
    const { corrected, raw } = recorder.summary();
    expect(corrected.count).toBe(1000);
    expectClose(corrected.p50, 11);
    expectClose(corrected.max, 11);
    expectClose(raw.p99, 1);
    expectClose(raw.mean, 1);
  });

  it('percentiles of a known distribution match the exact order statistics', () => {
    const recorder = new LatencyRecorder(0);
    // corrected latencies 1, 2, …, 10,000 ms, completing within the first 10 s
    for (let v = 1; v <= 10_000; v++) recorder.record(0, 0, v);
    const { corrected } = recorder.summary();
    expectClose(corrected.min, 1);
    expectClose(corrected.p50, 5000);
    expectClose(corrected.p90, 9000);
    expectClose(corrected.p99, 9900);
    expectClose(corrected.p999, 9990);
    expectClose(corrected.max, 10_000);
    expect(Math.abs(corrected.mean - 5000.5)).toBeLessThan(5);
  });

  it('counts failures by code, timeouts separately, and keeps them out of the latency', () => {
    const recorder = new LatencyRecorder(0);
    recorder.record(0, 0, 5);
    recorder.recordError('HTTP_503', 6);
    recorder.recordError('HTTP_503', 7);
    recorder.recordError(TIMEOUT_CODE, 8);
    expect(recorder.counts).toEqual({ completed: 1, errors: 3, timeouts: 1 });
    expect(recorder.errorsByCode).toEqual({ HTTP_503: 2, TIMEOUT: 1 });
    expect(recorder.summary().corrected.count).toBe(1);
  });

  it('builds a per-second timeline of offered, achieved, errors and corrected p50/p99', () => {
    const start = 1000;
    const recorder = new LatencyRecorder(start);
    // second 0: 100 offered, 90 succeed with 2 ms latency, 10 fail
    for (let i = 0; i < 100; i++) recorder.scheduled(start + i * 10);
    for (let i = 0; i < 90; i++) recorder.record(start + i * 10, start + i * 10, start + i * 10 + 2);
    for (let i = 0; i < 10; i++) recorder.recordError('X', start + 950 + i);
    // second 1: nothing; second 2: 50 offered and answered in 20 ms; second 2.5 ends the window
    for (let i = 0; i < 50; i++) {
      recorder.scheduled(start + 2000 + i * 5);
      recorder.record(start + 2000 + i * 5, start + 2000 + i * 5, start + 2020 + i * 5);
    }
    const points = recorder.timeline(2.5);
    expect(points.map((p) => p.second)).toEqual([0, 1, 2]);
    expect(points[0]).toMatchObject({ offered: 100, achieved: 90, errors: 10 });
    expectClose(points[0].p99Ms, 2);
    expect(points[1]).toEqual({ second: 1, offered: 0, achieved: 0, errors: 0, p50Ms: 0, p99Ms: 0 });
    // the last point covers half a second: counts become per-second rates
    expect(points[2]).toMatchObject({ offered: 100, achieved: 100, errors: 0 });
    expectClose(points[2].p50Ms, 20);
    // the per-second histograms are part of the total
    expect(recorder.summary().corrected.count).toBe(140);
  });

  it('keeps the errors of a partial last second a whole count while its rates are scaled', () => {
    const start = 0;
    const recorder = new LatencyRecorder(start);
    // the window ends at 1.3 s: in its last 0.3 s, 3 offered, 2 answered, 1 failed
    for (let i = 0; i < 3; i++) recorder.scheduled(start + 1000 + i * 100);
    recorder.record(start + 1000, start + 1000, start + 1001);
    recorder.record(start + 1100, start + 1100, start + 1101);
    recorder.recordError('X', start + 1250);
    const last = recorder.timeline(1.3)[1];
    expect(last.second).toBe(1);
    expect(last.offered).toBeCloseTo(10, 6);
    expect(last.achieved).toBeCloseTo(6.667, 3);
    expect(last.errors).toBe(1);
    expect(Number.isInteger(last.errors)).toBe(true);
  });

  it('encodes histograms that decode to the same distribution, and empty ones as ""', () => {
    const empty = new LatencyRecorder(0);
    expect(empty.encode()).toEqual({ corrected: '', raw: '' });
    expect(empty.result().corrected.count).toBe(0);

    const recorder = new LatencyRecorder(0);
    for (let i = 1; i <= 500; i++) recorder.record(0, i / 2, i);
    const encoded = recorder.encode();
    const decoded = summarizeHistogram(decodeHistogram(encoded.corrected));
    expect(decoded).toEqual(recorder.summary().corrected);
    expect(summarizeHistogram(decodeHistogram(encoded.raw))).toEqual(recorder.summary().raw);
  });

  it('merging recorders (or encoded results) equals recording everything in one', () => {
    const all = new LatencyRecorder(0);
    const a = new LatencyRecorder(0);
    const b = new LatencyRecorder(0);
    for (let i = 0; i < 2000; i++) {
      const part = i % 3 === 0 ? a : b;
      const completed = (i % 1000) * 3 + (i % 7);
      for (const r of [part, all]) {
        r.scheduled(completed - 1);
        r.record(completed - 1 - (i % 13), completed - 1, completed);
      }
    }
    a.recordError('E', 10);
    all.recordError('E', 10);
    const resultA = a.result();
    const resultB = b.result();
    a.merge(b);
    expect(a.summary()).toEqual(all.summary());
    expect(a.counts).toEqual(all.counts);
    expect(a.errorsByCode).toEqual(all.errorsByCode);
    expect(a.timeline(3).map((p) => p.offered)).toEqual(all.timeline(3).map((p) => p.offered));
    const merged = mergeLatencyResults([resultA, resultB]);
    expect(merged.corrected).toEqual(all.summary().corrected);
    expect(merged.raw).toEqual(all.summary().raw);
  });

  it('clamps latencies to the histogram range instead of throwing', () => {
    const recorder = new LatencyRecorder(0);
    recorder.record(0, 0, 0); // 0 → 1 µs
    recorder.record(0, 0, 120_000); // 120 s → 60 s
    const { corrected } = recorder.summary();
    expect(corrected.min).toBe(0.001);
    expectClose(corrected.max, 60_000);
  });
});
