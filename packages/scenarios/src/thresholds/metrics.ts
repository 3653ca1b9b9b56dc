/**
 * What a threshold metric observed in one workload's step: the number compared with the
 * limit, in the limit's unit (ms for latency, per second for rates, fractions for errors).
 */
import hdr from 'hdr-histogram-js';

import type { WorkloadStepResult } from '../result/types.js';
import type { ThresholdMetric } from './parse-threshold.js';

/**
 * Measures a threshold may name (keys of WorkloadStepResult.measures). A closed list, so
 * a misspelt measure is a plan error instead of a threshold that never fails.
 */
export const KNOWN_MEASURES: readonly string[] = [
  'trades',
  'tradesPerOrder',
  'bytesPerOrder',
  'updatesPerSecond',
  'gaps',
  'conflations',
  'disconnects',
  'connectionsHeld',
  'connectionsTarget',
  'sourceAddresses',
  'peakRatePerSecond',
];

export type Observation =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string };

export function observe(metric: ThresholdMetric, result: WorkloadStepResult): Observation {
  switch (metric.kind) {
    case 'latency': {
      const summary = result.latency.corrected;
      if (summary.count === 0) return { ok: false, reason: 'no operation completed' };
      switch (metric.stat) {
        case 'avg':
          return { ok: true, value: summary.mean };
        case 'min':
          return { ok: true, value: summary.min };
        case 'max':
          return { ok: true, value: summary.max };
        case 'med':
          return { ok: true, value: summary.p50 };
        case 'percentile':
          return percentile(result, metric.percentile);
      }
      break;
    }
    case 'rate':
      return { ok: true, value: result.achievedRate };
    case 'achieved_ratio':
      if (result.targetRate <= 0) return { ok: false, reason: 'the step had no target rate' };
      return { ok: true, value: result.achievedRate / result.targetRate };
    case 'error_rate': {
      // Errors include timeouts (errorsByCode lists TIMEOUT among the codes).
      const finished = result.counts.completed + result.counts.errors;
      if (finished === 0) return { ok: false, reason: 'no operation finished' };
      return { ok: true, value: result.counts.errors / finished };
    }
    case 'error_count':
      return { ok: true, value: result.counts.errors };
    case 'measure': {
      const value = result.measures[metric.name];
      if (value === undefined) return { ok: false, reason: `${result.name} does not report ${metric.name}` };
      return { ok: true, value };
    }
  }
}

const SUMMARY_PERCENTILES: ReadonlyMap<number, 'p50' | 'p90' | 'p99' | 'p999'> = new Map([
  [50, 'p50'],
  [90, 'p90'],
  [99, 'p99'],
  [99.9, 'p999'],
]);

/** Summary percentiles directly; any other one from the encoded corrected histogram (µs). */
function percentile(result: WorkloadStepResult, p: number): Observation {
  const key = SUMMARY_PERCENTILES.get(p);
  if (key !== undefined) return { ok: true, value: result.latency.corrected[key] };
  if (p === 100) return { ok: true, value: result.latency.corrected.max };
  const encoded = result.latency.correctedHistogram;
  if (encoded === '') return { ok: false, reason: `p(${p}) needs the latency histogram, which is empty` };
  const histogram = hdr.decodeFromCompressedBase64(encoded, 32, false);
  try {
    return { ok: true, value: histogram.getValueAtPercentile(p) / 1000 };
  } finally {
    histogram.destroy();
  }
}
