import { performance } from 'node:perf_hooks';

import type { BusyResource } from '../metrics/busy-resource.js';

/** Thrown (as a value the gateway maps to 503) when too many hashes are already waiting. */
export class HashQueueFullError extends Error {
  readonly code = 'OVERLOADED';
  constructor() {
    super('too many password hashes are waiting; retry later');
  }
}

/**
 * Bounds how many password hashes run at once and how many may wait. scrypt runs on the
 * libuv pool (4 threads by default) that the journal's writes and fsyncs also use: a
 * concurrency below the pool size keeps a thread free for them, so a login storm slows
 * logins, not order acknowledgements. Keeps its busy time for the resource metrics.
 */
export class HashLimiter {
  private running = 0;
  private readonly queue: (() => void)[] = [];
  /** Sum over hashes of their run time, seconds (busy time of `concurrency` servers). */
  busySeconds = 0;
  completed = 0;

  /** @param busy the `hash_pool` resource: hashes in flight on its servers (the pool threads) */
  constructor(
    readonly concurrency: number,
    readonly maxQueue: number,
    private readonly busy?: BusyResource,
  ) {}

  get waiting(): number {
    return this.queue.length;
  }

  get active(): number {
    return this.running;
  }

  /** Runs `task` when a slot is free; rejects with HashQueueFullError when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.queue.length >= this.maxQueue) throw new HashQueueFullError();
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.running++;
    }
    const started = performance.now();
    this.busy?.begin();
    try {
      return await task();
    } finally {
      this.busy?.end();
      this.busySeconds += (performance.now() - started) / 1000;
      this.completed++;
      const next = this.queue.shift();
      // The slot passes straight to the next waiter, so `running` stays the same.
      if (next !== undefined) next();
      else this.running--;
    }
  }
}
