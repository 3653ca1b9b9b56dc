import { performance } from 'node:perf_hooks';

/**
 * Now as epoch milliseconds with a microsecond fraction, from the monotonic clock anchored at
 * process (or worker) start, so stamps taken in different threads of one process compare.
 * Market-data and execution events carry it as `ts` for end-to-end latency. Rounded to the
 * microsecond, which is all the clock promises and keeps the JSON short.
 */
export function epochNowMs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000) / 1000;
}
