import hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';

import { miniRun, miniStep, miniWorkload } from '../../test/support/minimal-run.js';
import { analyze } from './analyze.js';
import { latencySpectrum, spectrumPercentiles } from './latency-spectrum.js';

/** 1..count ms, one of each, recorded in µs as the measuring code does. */
function uniformMs(count: number): string {
  const h = hdr.build({ bitBucketSize: 64, numberOfSignificantValueDigits: 3 });
  for (let ms = 1; ms <= count; ms++) h.recordValue(ms * 1000);
  const encoded = hdr.encodeIntoCompressedBase64(h);
  h.destroy();
  return encoded;
}

describe('latencySpectrum', () => {
  it('reads percentiles in ms from a histogram recorded in µs', () => {
    const s = latencySpectrum(uniformMs(10_000))!;
    expect(s.count).toBe(10_000);
    expect(s.maxMs).toBeCloseTo(10_000, -1);
    const at = (p: number): number => s.points.find((x) => x.percentile === p)!.ms;
    // 3 significant digits: within 0.1% of the exact order statistic
    expect(at(50) / 5000).toBeCloseTo(1, 2);
    expect(at(90) / 9000).toBeCloseTo(1, 2);
    expect(at(99) / 9900).toBeCloseTo(1, 2);
    expect(at(99.9) / 9990).toBeCloseTo(1, 2);
  });

  it('stops the spectrum where fewer than one value lies beyond', () => {
    expect(Math.max(...spectrumPercentiles(1000))).toBeLessThanOrEqual(99.9);
    expect(spectrumPercentiles(1000)).toEqual(expect.arrayContaining([0, 50, 90, 99, 99.9]));
    expect(spectrumPercentiles(10_000_000)).toContain(99.9999);
    const ps = spectrumPercentiles(1_000_000);
    expect([...ps].sort((a, b) => a - b)).toEqual(ps);
    expect(new Set(ps).size).toBe(ps.length);
  });

  it('treats an empty histogram as nothing recorded', () => {
    expect(latencySpectrum('')).toBeNull();
  });

  it('turns an undecodable histogram into a warning, not a crash', () => {
    const w = miniWorkload({ target: 2000, achieved: 2000, p99: 4 });
    const broken = { ...w, latency: { ...w.latency, correctedHistogram: 'not a histogram' } };
    const a = analyze(miniRun([miniStep(1, [broken])]));
    expect(a.workloads[0].spectra[0].spectrum).toBeNull();
    expect(a.warnings.at(-1)).toMatch(/^orders at 1x: the latency histogram could not be decoded/);
  });
});
