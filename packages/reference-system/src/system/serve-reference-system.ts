import { resolveSystemConfig, type SystemOptions } from '../config/resolve-system-config.js';
import { startReferenceSystem, type RunningSystem, type StartHooks } from './start-reference-system.js';

export interface ServeHooks extends StartHooks {
  /** Called once the service listens. */
  onListening?: (system: RunningSystem) => void;
  /** Called when shutdown begins, with the signal (or 'abort') that asked for it. */
  onShutdown?: (reason: string) => void;
  /** Stops the service like SIGTERM does. */
  signal?: AbortSignal;
}

/**
 * Runs the reference system until SIGINT or SIGTERM (or `hooks.signal`), then shuts down
 * gracefully: stop accepting, acknowledge the orders in flight, close the streams, flush
 * the journal, close the database. A second signal during shutdown exits at once (130):
 * the journal is append-only, so even that loses no acknowledged order.
 */
export async function serveReferenceSystem(options: SystemOptions, hooks: ServeHooks = {}): Promise<void> {
  const config = resolveSystemConfig(options);
  const system = await startReferenceSystem(config, hooks);
  hooks.onListening?.(system);
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const reason = await new Promise<string>((resolve) => {
    onSignal = (signal) => resolve(signal);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    hooks.signal?.addEventListener('abort', () => resolve('abort'), { once: true });
    if (hooks.signal?.aborted === true) resolve('abort');
  });
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  const force = () => process.exit(130);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  hooks.onShutdown?.(reason);
  try {
    await system.close();
  } finally {
    process.removeListener('SIGINT', force);
    process.removeListener('SIGTERM', force);
  }
}
