import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { BusyResource } from './busy-resource.js';

/** Resource names the reference system reports (DESIGN §6); shards add `matching_shard_<i>`. */
export const ResourceName = {
  /** The main thread's event loop: HTTP, WebSocket, validation, the monolith's matching. */
  GATEWAY_EVENT_LOOP: 'gateway_event_loop',
  /** Time inside journal writes and fsyncs. */
  JOURNAL_WRITER: 'journal_writer',
  /** Time inside database statements (one writer). */
  DB_WRITER: 'db_writer',
  /** scrypt password hashing on the libuv threadpool. */
  HASH_POOL: 'hash_pool',
  /** Time inside market-data flushes (serialise, batch, write to sockets). */
  MD_FANOUT: 'md_fanout',
} as const;

/** `matching_shard_<i>`: the event loop that runs shard i's matching engine. */
export function matchingShardResource(index: number): string {
  return `matching_shard_${index}`;
}

/**
 * The libuv threadpool size this process runs with. libuv reads UV_THREADPOOL_SIZE once, when
 * the pool starts (on the first fs/crypto/dns call that needs it), so the variable must be set
 * before the process starts or at the very top of the entry point; changing it later has no effect.
 * Mirrors libuv's parsing: unset → 4; otherwise atoi(), 0 → 1, above 1024 (or negative, which
 * wraps as unsigned) → 1024.
 */
export function libuvThreadpoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const text = env['UV_THREADPOOL_SIZE'];
  if (text === undefined) return 4;
  const parsed = Number.parseInt(text, 10); // atoi: leading digits, NaN → 0
  const n = Number.isNaN(parsed) ? 0 : parsed;
  if (n === 0) return 1;
  if (n < 0 || n > 1024) return 1024;
  return n;
}

export interface ResourceReading {
  readonly resource: string;
  readonly servers: number;
  /** seconds */
  readonly busySeconds: number;
}

/**
 * The registry of busy resources. Code on the hot path keeps the `BusyResource` returned by
 * `resource()` and calls it directly (no lookup per call); `/metrics` reads every resource at
 * scrape time.
 */
export class ResourceMeter {
  private readonly resources = new Map<string, BusyResource>();

  /** The named resource, created on first use; a later call may change its server count. */
  resource(name: string, servers = 1): BusyResource {
    let resource = this.resources.get(name);
    if (!resource) {
      resource = new BusyResource(name, servers);
      this.resources.set(name, resource);
    } else {
      resource.servers = servers;
    }
    return resource;
  }

  /** Convenience for cold paths: `meter.time('db_writer', () => stmt.run(...))`. */
  time<T>(name: string, fn: () => T): T {
    return (this.resources.get(name) ?? this.resource(name)).time(fn);
  }

  /**
   * A resource that measures itself: `readCumulativeMs` returns its total busy time in ms
   * (monotonic). Busy time is reported from the moment of registration.
   */
  sampled(name: string, servers: number, readCumulativeMs: () => number): BusyResource {
    const resource = new BusyResource(name, servers, readCumulativeMs);
    this.resources.set(name, resource);
    return resource;
  }

  /** This thread's event loop, busy while it runs callbacks (event-loop utilisation, active). */
  eventLoop(name: string = ResourceName.GATEWAY_EVENT_LOOP): BusyResource {
    return this.sampled(name, 1, () => performance.eventLoopUtilization().active);
  }

  /**
   * A worker thread's event loop. `worker.performance.eventLoopUtilization()` is measured by the
   * worker's own loop (libuv's idle-time metrics of that thread), so it is the worker's busy time
   * read at scrape time without a message round trip. Once the worker stops, the last value read
   * while it ran stays (a stopped worker reports no utilisation).
   */
  workerEventLoop(name: string, worker: Worker): BusyResource {
    let last = 0;
    let running = true;
    worker.once('exit', () => (running = false));
    return this.sampled(name, 1, () => {
      if (running) {
        const utilization = worker.performance.eventLoopUtilization();
        // Negative idle time: the worker's loop has not started or is stopping; keep the last value.
        if (utilization.idle >= 0) last = utilization.active;
      }
      return last;
    });
  }

  /** Removes a resource (e.g. a shard that was stopped). */
  remove(name: string): void {
    this.resources.delete(name);
  }

  readings(): ResourceReading[] {
    const readings: ResourceReading[] = [];
    for (const resource of this.resources.values()) {
      readings.push({
        resource: resource.name,
        servers: resource.servers,
        busySeconds: resource.busySeconds(),
      });
    }
    return readings;
  }
}
