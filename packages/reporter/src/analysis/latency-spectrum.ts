/**
 * Percentile spectra from the encoded HDR histograms of a run: the latency at 0%, 50%,
 * 90%, 99%, … up to the max, in milliseconds. Each histogram is decoded once and queried
 * per percentile, so the cost depends on the histogram's buckets, not on how many
 * latencies were recorded (a 10-million-value step costs the same as a 1,000-value one).
 */
import hdr from 'hdr-histogram-js';

export interface SpectrumPoint {
  /** 0..100 */
  readonly percentile: number;
  /** ms */
  readonly ms: number;
}

export interface LatencySpectrum {
  readonly count: number;
  readonly points: readonly SpectrumPoint[];
  /** ms */
  readonly maxMs: number;
}

/** Recorded unit → ms (the RunResult records histograms in microseconds). */
const US_PER_MS = 1000;
/** Points per decade of "nines" (90, 99, 99.9 …): enough for a smooth curve, few enough to draw fast. */
const POINTS_PER_DECADE = 6;

/** Always present, so tables and charts can read the usual percentiles exactly. */
const STANDARD = [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 99.9999];

/**
 * The standard percentiles plus 100·(1 − 10^(−j/POINTS_PER_DECADE)) for a smooth curve,
 * stopping where fewer than one recorded value lies beyond the percentile (finer
 * percentiles would all equal the max).
 */
export function spectrumPercentiles(count: number): number[] {
  const limit = 100 * (1 - 1 / Math.max(count, 10));
  const grid: number[] = [];
  for (let j = 1; 100 * (1 - 10 ** (-j / POINTS_PER_DECADE)) <= limit; j++)
    grid.push(100 * (1 - 10 ** (-j / POINTS_PER_DECADE)));
  const all = [...STANDARD.filter((p) => p <= limit), ...grid].sort((a, b) => a - b);
  return all.filter((p, i) => i === 0 || p - all[i - 1] > 1e-9);
}

/** Decodes an encoded histogram (µs) into its spectrum (ms); null for an empty string or an empty histogram. */
export function latencySpectrum(encoded: string): LatencySpectrum | null {
  if (encoded.trim() === '') return null;
  const histogram = hdr.decodeFromCompressedBase64(encoded, 64, false);
  try {
    const count = histogram.totalCount;
    if (count === 0) return null;
    const points = spectrumPercentiles(count).map((percentile) => ({
      percentile,
      ms: histogram.getValueAtPercentile(percentile) / US_PER_MS,
    }));
    return { count, points, maxMs: histogram.maxValue / US_PER_MS };
  } finally {
    histogram.destroy();
  }
}
