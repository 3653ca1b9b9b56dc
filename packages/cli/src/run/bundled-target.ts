/**
 * The bundled reference system as the target: `headroom serve` started as a child process
 * of this very CLI on a free loopback port, with an admin token made for this run only
 * (fixtures need it; it never reaches the report), and stopped when the run ends.
 */
import { randomBytes } from 'node:crypto';

import { startBundledSystem, type BundledTarget } from '@headroom/scenarios';

import type { TargetHandle } from './target-handle.js';

export interface LaunchOptions {
  /** path of the CLI's bin/run.js, so the child runs the same build */
  readonly cliBin: string;
  /** lines the system writes on stderr */
  readonly onLog?: (line: string) => void;
}

export async function launchBundledTarget(
  plan: BundledTarget,
  options: LaunchOptions,
): Promise<TargetHandle> {
  const system = await startBundledSystem({
    command: [process.execPath, options.cliBin, 'serve'],
    instruments: plan.instruments,
    shards: plan.shards,
    fsync: plan.fsync,
    adminToken: randomBytes(24).toString('base64url'),
    ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
  });
  return {
    kind: 'bundled',
    endpoint: system.endpoint,
    config: system.config,
    isAlive: () => system.isAlive(),
    close: async () => {
      await system.close();
    },
    kill: () => {
      if (system.isAlive()) process.kill(system.pid, 'SIGKILL');
    },
  };
}
