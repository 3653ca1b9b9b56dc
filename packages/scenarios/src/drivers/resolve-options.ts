/**
 * Driver options → resolved options: every default filled here, every problem reported
 * at once (`path: message`), nothing optional afterwards.
 */
import type { ArrivalProcess } from '../plan/types.js';
import type { OptionProblems } from './driver-error.js';
import type { OpenLoadOptions, RunWindowOptions } from './driver-types.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_ARRIVAL_PROCESS: ArrivalProcess = 'poisson';
export const DEFAULT_SEED = 1;

export interface ResolvedWindow {
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly onMeasureStart: () => void;
  readonly onMeasureEnd: () => void;
}

export interface ResolvedOpenLoad {
  readonly ratePerSecond: number;
  readonly arrival: ArrivalProcess;
  readonly seed: number | string;
  readonly stream: number;
}

export function resolveWindow(options: RunWindowOptions, problems: OptionProblems): ResolvedWindow {
  problems.positive('durationSeconds', options.durationSeconds);
  problems.nonNegative('warmupSeconds', options.warmupSeconds);
  problems.positive('timeoutMs', options.timeoutMs, { optional: true });
  return Object.freeze({
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds ?? 0,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
    onMeasureStart: options.onMeasureStart ?? noop,
    onMeasureEnd: options.onMeasureEnd ?? noop,
  });
}

function noop(): void {}

export function resolveOpenLoad(options: OpenLoadOptions, problems: OptionProblems): ResolvedOpenLoad {
  problems.positive('ratePerSecond', options.ratePerSecond);
  const arrival = options.arrival ?? DEFAULT_ARRIVAL_PROCESS;
  if (arrival !== 'constant' && arrival !== 'poisson') {
    problems.add('arrival', `must be 'constant' or 'poisson', got ${JSON.stringify(arrival)}`);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  if (typeof seed === 'number' && !Number.isFinite(seed))
    problems.add('seed', 'must be a finite number or a string');
  const stream = options.stream ?? 0;
  if (!Number.isInteger(stream) || stream < 0)
    problems.add('stream', `must be an integer ≥ 0, got ${stream}`);
  return Object.freeze({ ratePerSecond: options.ratePerSecond, arrival, seed, stream });
}
