/**
 * Starts the bundled reference system as a child process (`headroom serve --json`) and
 * returns where it listens. scenarios never imports the reference system (it talks to a
 * target over the network only), and cannot know where the CLI lives, so the caller
 * passes the command that starts `serve`: the CLI passes
 * `[process.execPath, <its bin/run.js>, 'serve']`.
 *
 * The child prints `{"event":"listening","url":…,"pid":…}` on stdout once it listens; its
 * stderr (progress, warnings) goes to `onLog`. `close()` sends SIGTERM (graceful: acks in
 * flight, journal flushed) and SIGKILLs after a grace period; if this process exits first
 * the child gets SIGTERM too, so no server outlives its run.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { HeadroomError } from '../errors.js';
import type { TargetEndpoint } from '../workloads/workload.js';

export interface BundledSystemOptions {
  /** argv that runs `headroom serve`, e.g. [process.execPath, '/…/cli/bin/run.js', 'serve'] */
  readonly command: readonly string[];
  /** Where the journal and database live. @default a temporary directory removed on exit (serve's default) */
  readonly dataDir?: string;
  readonly instruments: number;
  /** matching shards; 1 is the monolith. @default 1 */
  readonly shards?: number;
  readonly fsync: 'always' | 'batch' | 'off';
  /** Enables the fixtures route. @default a random token */
  readonly adminToken?: string;
  /** scrypt cost N (a power of two). @default serve's default (16384) */
  readonly hashCost?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Further flags for `serve`. */
  readonly extraArgs?: readonly string[];
  /** ms to wait for the listening line. @default 60000 */
  readonly startTimeoutMs?: number;
  /** Lines the system writes on stderr. */
  readonly onLog?: (line: string) => void;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: string | null;
}

export interface BundledSystem {
  readonly endpoint: TargetEndpoint;
  /** What goes into RunResult.target.config (no secrets). */
  readonly config: Readonly<Record<string, string | number | boolean>>;
  readonly pid: number;
  readonly isAlive: () => boolean;
  /** Resolves when the process has exited, for whatever reason. */
  readonly exited: Promise<ExitStatus>;
  /** Stops it gracefully (SIGTERM), SIGKILL after `graceMs` (default 15,000). Safe to call twice. */
  readonly close: (graceMs?: number) => Promise<ExitStatus>;
}

/** stderr lines kept for the error message when the system fails to start */
const STDERR_TAIL = 20;

export async function startBundledSystem(options: BundledSystemOptions): Promise<BundledSystem> {
  const [program, ...prefix] = options.command;
  if (program === undefined) {
    throw new HeadroomError(
      'INVALID_OPTIONS',
      'usage',
      'startBundledSystem: command must name the program to run',
    );
  }
  const adminToken = options.adminToken ?? randomBytes(18).toString('base64url');
  const shards = options.shards ?? 1;
  const args = [
    ...prefix,
    '--json',
    '--port',
    '0',
    '--host',
    options.host ?? '127.0.0.1',
    '--instruments',
    String(options.instruments),
    '--fsync',
    options.fsync,
    ...(options.dataDir === undefined ? [] : ['--data-dir', options.dataDir]),
    ...(options.hashCost === undefined ? [] : ['--hash-cost', String(options.hashCost)]),
    // Only when asked: the monolith needs no flag, so serve without a --shards flag still starts.
    ...(shards === 1 ? [] : ['--shards', String(shards)]),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(program, args, {
    // Its own process group: a Ctrl-C in the terminal reaches only headroom, which stops
    // the load, takes the last metrics scrape and then stops the system itself.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HEADROOM_ADMIN_TOKEN: adminToken },
  });
  const killOnExit = (): void => void child.kill('SIGTERM');
  process.once('exit', killOnExit);
  let alive = true;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      process.removeListener('exit', killOnExit);
      resolve({ code, signal });
    });
    child.once('error', () => {
      alive = false;
      process.removeListener('exit', killOnExit);
      resolve({ code: null, signal: null });
    });
  });

  const stderrTail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > STDERR_TAIL) stderrTail.shift();
    options.onLog?.(line);
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const url = await waitForListening(
    child.stdout,
    exited,
    spawnError,
    options.startTimeoutMs ?? 60_000,
  ).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    const tail = stderrTail.length > 0 ? `\n${stderrTail.join('\n')}` : '';
    throw new HeadroomError(
      'TARGET_START_FAILED',
      'target',
      `the bundled system (${[program, ...args].join(' ')}) did not start: ${(error as Error).message}${tail}`,
      { cause: error },
    );
  });

  let closing: Promise<ExitStatus> | undefined;
  return {
    endpoint: { baseUrl: url, streamUrl: `${url.replace(/^http/, 'ws')}/v1/stream`, adminToken },
    config: {
      instruments: options.instruments,
      shards,
      fsync: options.fsync,
      ...(options.hashCost === undefined ? {} : { hashCost: options.hashCost }),
      dataDir: options.dataDir ?? 'temporary',
    },
    pid: child.pid ?? 0,
    isAlive: () => alive,
    exited,
    close: (graceMs = 15_000) =>
      (closing ??= (async () => {
        if (!alive) return exited;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const status = await exited;
        clearTimeout(timer);
        return status;
      })()),
  };
}

/** Reads stdout until the `listening` line; rejects on exit, spawn failure or timeout. */
function waitForListening(
  stdout: NodeJS.ReadableStream,
  exited: Promise<ExitStatus>,
  spawnError: Promise<Error>,
  timeoutMs: number,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    const timer = setTimeout(
      () => reject(new Error(`no "listening" line within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const done = (): void => clearTimeout(timer);
    lines.on('line', (line) => {
      const event = parseEvent(line);
      if (event?.event === 'listening' && typeof event.url === 'string') {
        done();
        resolve(event.url.replace(/\/+$/, ''));
      }
    });
    void exited.then((status) => {
      done();
      reject(
        new Error(
          `it exited (code ${status.code ?? 'none'}, signal ${status.signal ?? 'none'}) before listening`,
        ),
      );
    });
    void spawnError.then((error) => {
      done();
      reject(error);
    });
  });
}

function parseEvent(line: string): { event?: unknown; url?: unknown } | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as { event?: unknown; url?: unknown };
  } catch {
    return undefined;
  }
}
