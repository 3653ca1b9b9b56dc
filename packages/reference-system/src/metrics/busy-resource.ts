import { performance } from 'node:perf_hooks';

/**
 * One resource of the resource contract (DESIGN §6): it accumulates the time it was busy,
 * measured, never estimated. Three ways to feed it, pick the one that matches the work:
 *
 * - `start()`/`stop()` or `time(fn)` for synchronous work that never overlaps itself on one
 *   thread (a journal write + fsync, a database statement, a market-data flush).
 * - `begin()`/`end()` for asynchronous work that may overlap (scrypt calls on the libuv pool):
 *   busy time is the integral of min(in flight, servers) over time, so work queued behind
 *   busy servers is not counted as busy and the total never exceeds servers × wall time.
 * - a sampler (see `ResourceMeter.sampled`) for resources that measure themselves, such as an
 *   event loop's utilisation.
 */
export class BusyResource {
  readonly name: string;
  /** How many units of work can be served at once. */
  servers: number;
  /** Accumulated busy time, ms. */
  private busyMs = 0;
  private inFlight = 0;
  /** When `inFlight` last changed, ms on the performance clock. */
  private changedAt = 0;
  private readonly sampler: (() => number) | undefined;
  private readonly sampleBaseMs: number;

  /** @param sampler returns the resource's own cumulative busy time, ms */
  constructor(name: string, servers: number, sampler?: () => number) {
    this.name = name;
    this.servers = servers;
    this.sampler = sampler;
    this.sampleBaseMs = sampler ? sampler() : 0;
  }

  /** A start mark for `stop`; ms on the performance clock. */
  start(): number {
    return performance.now();
  }

  /** Adds the time since `startedAt` (from `start()`). */
  stop(startedAt: number): void {
    this.busyMs += performance.now() - startedAt;
  }

  /** Runs `fn` synchronously and adds the time it took, also when it throws. */
  time<T>(fn: () => T): T {
    const startedAt = performance.now();
    try {
      return fn();
    } finally {
      this.busyMs += performance.now() - startedAt;
    }
  }

  /** Adds busy time measured elsewhere, ms. */
  addMs(ms: number): void {
    if (ms > 0) this.busyMs += ms;
  }

  /** One unit of asynchronous work started (pair with `end`). */
  begin(): void {
    this.settle(performance.now());
    this.inFlight += 1;
  }

  /** One unit of asynchronous work finished. */
  end(): void {
    this.settle(performance.now());
    if (this.inFlight > 0) this.inFlight -= 1;
  }

  /** Busy time so far, seconds (includes the running part of work in flight). */
  busySeconds(): number {
    if (this.sampler) return Math.max(0, this.sampler() - this.sampleBaseMs) / 1000;
    this.settle(performance.now());
    return this.busyMs / 1000;
  }

  private settle(now: number): void {
    if (this.inFlight > 0) this.busyMs += Math.min(this.inFlight, this.servers) * (now - this.changedAt);
    this.changedAt = now;
  }
}
