import { spawn } from 'node:child_process';
import { constants } from 'node:os';

import { libuvThreadpoolSize } from '../metrics/resource-meter.js';

/**
 * libuv sizes its threadpool (scrypt hashes, journal writes) once, from UV_THREADPOOL_SIZE, when
 * the pool first starts, which in a CLI has long happened before a command runs. To serve with
 * another pool size this runs the same command line again in a child process with the variable
 * set, passing stdio through and forwarding SIGINT/SIGTERM, and resolves with its exit code.
 * Resolves null, starting nothing, when this process already has `size` threads: carry on here.
 */
export async function relaunchWithThreadpoolSize(size: number): Promise<number | null> {
  if (libuvThreadpoolSize() === size) return null;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, UV_THREADPOOL_SIZE: String(size) },
  });
  // A terminal's Ctrl-C reaches both processes; the child shuts down, this one waits for it.
  const forward = (signal: NodeJS.Signals): void => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      // Killed by a signal: the shell convention, 128 + its number.
      child.once('exit', (code, signal) =>
        resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal])),
      );
    });
  } finally {
    process.removeListener('SIGINT', forward);
    process.removeListener('SIGTERM', forward);
  }
}
