import { performance } from 'node:perf_hooks';

/**
 * Now, as epoch milliseconds with a microsecond fraction: the `ts` of every server event.
 * timeOrigin + now() is monotonic within the process and comparable with a client's clock
 * on the same machine, which is how end-to-end delivery latency is measured.
 */
export function eventTimestamp(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000) / 1000;
}
