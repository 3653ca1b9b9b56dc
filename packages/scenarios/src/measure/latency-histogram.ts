/**
 * HDR histograms of latency, recorded in microseconds, summarised in milliseconds.
 *
 * Configuration: 1 µs … 60 s at 3 significant digits (every value within 0.1%). The
 * counts are plain Int32 arrays in JavaScript: measured on the 2-core dev machine
 * (2 M exponential values, Node 20), recordValue costs ~85 ns for 'Int32' JS, ~33 ns for
 * Int32 WebAssembly and ~250–500 ns for the 'packed' layouts. WebAssembly would save
 * ~50 ns per value — 1% of a core at 100,000 operations/s, two histograms each — but its
 * memory must be freed by hand and it needs an asynchronous start-up; the plain array
 * has neither cost. Summaries and encodings take ~1 ms either way.
 */
import hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import type { LatencyResult, LatencySummary } from '../result/types.js';

/** µs */
export const LATENCY_LOWEST_US = 1;
/** µs: 60 s. Longer latencies are recorded as 60 s (timeouts end operations well before). */
export const LATENCY_HIGHEST_US = 60_000_000;
export const LATENCY_SIGNIFICANT_DIGITS = 3;

export type { Histogram };

export function createLatencyHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: LATENCY_LOWEST_US,
    highestTrackableValue: LATENCY_HIGHEST_US,
    numberOfSignificantValueDigits: LATENCY_SIGNIFICANT_DIGITS,
    useWebAssembly: false,
  });
}

/** ms (float) → µs (integer) within the histogram's range. */
export function toMicros(ms: number): number {
  const us = Math.round(ms * 1000);
  return us < LATENCY_LOWEST_US ? LATENCY_LOWEST_US : us > LATENCY_HIGHEST_US ? LATENCY_HIGHEST_US : us;
}

export const EMPTY_SUMMARY: LatencySummary = Object.freeze({
  count: 0,
  min: 0,
  mean: 0,
  stddev: 0,
  p50: 0,
  p90: 0,
  p99: 0,
  p999: 0,
  max: 0,
});

/** Percentiles of a µs histogram, in ms. */
export function summarizeHistogram(histogram: Histogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) return EMPTY_SUMMARY;
  const ms = (us: number): number => us / 1000;
  return {
    count,
    min: ms(histogram.minNonZeroValue),
    mean: ms(histogram.mean),
    stddev: ms(histogram.stdDeviation),
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    // The top of the max value's bucket: what a decoded or merged histogram reports too,
    // so a summary is the same before and after encoding.
    max: ms(histogram.getValueAtPercentile(100)),
  };
}

/** `encodeIntoCompressedBase64`, or '' for an empty histogram (the RunResult convention). */
export function encodeHistogram(histogram: Histogram): string {
  return histogram.totalCount === 0 ? '' : hdr.encodeIntoCompressedBase64(histogram);
}

/** A histogram with our configuration holding what `encoded` holds ('' → empty). */
export function decodeHistogram(encoded: string): Histogram {
  const histogram = createLatencyHistogram();
  if (encoded !== '') histogram.add(hdr.decodeFromCompressedBase64(encoded, 32, false));
  return histogram;
}

/** Exact merge of latency results (HDR histograms add without loss). */
export function mergeLatencyResults(results: readonly LatencyResult[]): LatencyResult {
  const corrected = createLatencyHistogram();
  const raw = createLatencyHistogram();
  for (const result of results) {
    corrected.add(decodeHistogram(result.correctedHistogram));
    raw.add(decodeHistogram(result.rawHistogram));
  }
  return latencyResultOf(corrected, raw);
}

export function latencyResultOf(corrected: Histogram, raw: Histogram): LatencyResult {
  return {
    corrected: summarizeHistogram(corrected),
    raw: summarizeHistogram(raw),
    correctedHistogram: encodeHistogram(corrected),
    rawHistogram: encodeHistogram(raw),
  };
}
