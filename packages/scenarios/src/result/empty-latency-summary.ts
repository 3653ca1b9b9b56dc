import type { LatencyResult, LatencySummary } from './types.js';

/** The summary of no operations: count 0 and every statistic 0 (JSON has no NaN). */
export function emptyLatencySummary(): LatencySummary {
  return { count: 0, min: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
}

/** A latency result with nothing recorded: empty summaries and empty histogram strings. */
export function emptyLatencyResult(): LatencyResult {
  return {
    corrected: emptyLatencySummary(),
    raw: emptyLatencySummary(),
    correctedHistogram: '',
    rawHistogram: '',
  };
}
