import type { BusyResource } from './busy-resource.js';

/**
 * Wraps every method of a store so the time it keeps the database busy is measured.
 * - 'sync' (better-sqlite3: statements run inside the call on this thread): the synchronous
 *   part of each call, i.e. exactly the time inside the statements;
 * - 'async' (a pool of remote connections): from call to settle, as in-flight work on
 *   `busy.servers` servers (the pool size), so queueing for a connection is not counted.
 * Properties that are not functions pass through untouched.
 */
export function meterStore<T extends object>(store: T, busy: BusyResource, mode: 'sync' | 'async'): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (mode === 'sync') return (...args: unknown[]) => busy.time(() => method.apply(target, args));
      return (...args: unknown[]) => {
        busy.begin();
        let result: unknown;
        try {
          result = method.apply(target, args);
        } catch (error) {
          busy.end();
          throw error;
        }
        if (!(result instanceof Promise)) {
          busy.end();
          return result;
        }
        return result.finally(() => busy.end());
      };
    },
  });
}
