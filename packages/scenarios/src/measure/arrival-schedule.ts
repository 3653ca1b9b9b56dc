/**
 * When each operation of an open-model run is due. Arrivals do not depend on responses:
 * that is what makes the model open, and what lets latency be measured from the
 * scheduled time (coordinated-omission free).
 *
 * - constant: t_k = start + k / rate, computed from k (no accumulated rounding drift);
 * - poisson: exponential inter-arrival times with mean 1 / rate from a seeded PRNG, so
 *   the same seed gives the same schedule.
 */
import type { ArrivalProcess } from '../plan/types.js';
import { HeadroomError } from '../errors.js';
import { createPrng, type Prng } from '../random/prng.js';

export interface ArrivalScheduleOptions {
  /** operations per second, > 0 */
  readonly ratePerSecond: number;
  readonly process: ArrivalProcess;
  readonly seed: number | string;
  /** Independent stream for the same seed (e.g. the generator process index). @default 0 */
  readonly stream?: number;
  /** ms on the performance.now() clock: the first constant arrival; Poisson arrivals follow it */
  readonly startMs: number;
}

export class ArrivalSchedule {
  /** ms */
  readonly intervalMs: number;
  private readonly prng: Prng | null;
  private index = 0;
  private last: number;

  constructor(private readonly options: ArrivalScheduleOptions) {
    const { ratePerSecond } = options;
    if (!(Number.isFinite(ratePerSecond) && ratePerSecond > 0)) {
      throw new HeadroomError(
        'INVALID_RATE',
        'usage',
        `arrival rate must be a positive number, got ${ratePerSecond}`,
      );
    }
    this.intervalMs = 1000 / ratePerSecond;
    this.prng = options.process === 'poisson' ? createPrng(options.seed, options.stream ?? 0) : null;
    this.last = options.startMs;
  }

  /** The scheduled time (ms) of the next operation; never earlier than the previous one. */
  next(): number {
    if (this.prng === null) {
      this.last = this.options.startMs + this.index++ * this.intervalMs;
    } else {
      // 1 − u is in (0, 1], so the logarithm is finite.
      this.last += -Math.log(1 - this.prng.next()) * this.intervalMs;
      this.index++;
    }
    return this.last;
  }

  /** How many arrivals `next()` has produced. */
  get produced(): number {
    return this.index;
  }
}
