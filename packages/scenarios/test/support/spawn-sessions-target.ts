/**
 * The reference system as a child process (`headroom serve --json`), for the sessions
 * tests and benchmark: scenarios never imports the reference system (DESIGN §1), it
 * talks to it over the network like to any target. Build the CLI first:
 * `npx tsc -b packages/cli`.
 *
 * `openFileLimit` lowers the child's descriptor limit (`ulimit -n`, soft and hard: Node
 * raises a lower soft limit back to the hard one at start-up), which lowers the server's
 * connection limit to that − 256 — a cheap way to reach the limit a 20,000-descriptor
 * server hits at ~19,700 connections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const TARGET_ADMIN_TOKEN = 'sessions-test-admin-token';

export interface SessionsTarget {
  /** http://127.0.0.1:port */
  readonly url: string;
  /** ws://127.0.0.1:port/v1/stream */
  readonly streamUrl: string;
  readonly adminToken: string;
  readonly pid: number;
  /** Graceful stop (SIGTERM: streams closed with 1001), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnTargetOptions {
  readonly openFileLimit?: number;
  /** ms to wait for the listening line */
  readonly startTimeoutMs?: number;
}

export async function spawnSessionsTarget(options: SpawnTargetOptions = {}): Promise<SessionsTarget> {
  const root = repositoryRoot();
  const cli = join(root, 'packages/cli/bin/run.js');
  if (!existsSync(join(root, 'packages/cli/dist/src/commands/serve.js'))) {
    throw new Error('the CLI is not built: run `npx tsc -b packages/cli` first');
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'headroom-sessions-'));
  const args = [
    cli,
    'serve',
    '--json',
    '--port',
    '0',
    '--data-dir',
    dataDir,
    '--instruments',
    '100',
    '--admin-token',
    TARGET_ADMIN_TOKEN,
    // No logins here: the cheapest scrypt cost keeps start-up and fixtures fast.
    '--hash-cost',
    '16',
  ];
  const child =
    options.openFileLimit === undefined
      ? spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(
          '/bin/sh',
          ['-c', `ulimit -n ${options.openFileLimit} && exec "$0" "$@"`, process.execPath, ...args],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await listeningUrl(child, options.startTimeoutMs ?? 30_000, () => stderr);
    return {
      url,
      streamUrl: `${url.replace(/^http/, 'ws')}/v1/stream`,
      adminToken: TARGET_ADMIN_TOKEN,
      pid: child.pid!,
      stop: async (graceMs = 10_000) => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(timer);
        }
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

function listeningUrl(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the reference system did not start in ${timeoutMs} ms: ${stderr()}`)),
      timeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the reference system exited with code ${code}: ${stderr()}`));
    });
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const event = JSON.parse(line) as { event?: string; url?: string };
        if (event.event === 'listening' && typeof event.url === 'string') {
          clearTimeout(timer);
          resolve(event.url);
        }
      } catch {
        // not the JSON line
      }
    });
  });
}

/** The workspace root (where pnpm-workspace.yaml is), from src or dist alike. */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the workspace root (pnpm-workspace.yaml)');
    dir = parent;
  }
  return dir;
}
