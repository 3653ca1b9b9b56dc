/**
 * The generator processes of one sessions step: forked from sessions-worker.js, spoken to
 * over IPC (worker-protocol.ts), and always ended — `close()` asks them to close their
 * connections and exit, then kills whatever is left; `kill()` does not ask.
 *
 * A process that dies is not an exception: waiting for its next message yields null, and
 * `exits` says how it ended and the last lines it wrote to stderr.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeadroomError } from '../../errors.js';
import type { ParentMessage, ProgressMessage, WorkerMessage } from './worker-protocol.js';

/** ms a process gets to close its connections and exit before it is killed */
const EXIT_WAIT_MS = 5000;
/** bytes of a process's stderr kept for the report when it dies */
const STDERR_TAIL_BYTES = 2000;

type MessageOf<T extends WorkerMessage['type']> = Extract<WorkerMessage, { type: T }>;

class GeneratorProcess {
  private readonly inbox = new Map<string, WorkerMessage>();
  private readonly waiters = new Map<string, (message: WorkerMessage | null) => void>();
  private stderrTail = '';
  exit: string | null = null;
  readonly exited: Promise<void>;

  constructor(
    readonly child: ChildProcess,
    onProgress: (message: ProgressMessage) => void,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-STDERR_TAIL_BYTES);
    });
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') return onProgress(message);
      if (message.type === 'fatal') this.stderrTail = message.message.slice(-STDERR_TAIL_BYTES);
      const waiter = this.waiters.get(message.type);
      if (waiter === undefined) this.inbox.set(message.type, message);
      else {
        this.waiters.delete(message.type);
        waiter(message);
      }
    });
    child.on('error', () => {}); // send() on a dead process; the 'exit' below says what happened
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = `exited with ${signal === null ? `code ${code}` : signal}${this.stderrTail === '' ? '' : `: ${this.stderrTail.trim()}`}`;
        for (const waiter of this.waiters.values()) waiter(null);
        this.waiters.clear();
        resolve();
      }),
    );
  }

  send(message: ParentMessage): void {
    if (this.exit === null && this.child.connected) this.child.send(message);
  }

  /**
   * The next message of a type, or null when the process exits first. One wait per type
   * at a time: a newer wait replaces an older one (which then never settles).
   */
  next<T extends WorkerMessage['type']>(type: T): Promise<MessageOf<T> | null> {
    const queued = this.inbox.get(type);
    if (queued !== undefined) {
      this.inbox.delete(type);
      return Promise.resolve(queued as MessageOf<T>);
    }
    if (this.exit !== null) return Promise.resolve(null);
    return new Promise((resolve) => this.waiters.set(type, (m) => resolve(m as MessageOf<T> | null)));
  }
}

export class GeneratorPool {
  private constructor(private readonly processes: readonly GeneratorProcess[]) {}

  /** Forks `count` generator processes and waits until each is loaded. */
  static async start(
    count: number,
    onProgress: (process: number, message: ProgressMessage) => void,
  ): Promise<GeneratorPool> {
    const modulePath = workerModulePath();
    const processes = Array.from({ length: count }, (_, i) => {
      // --expose-gc: memory per connection is read after a full collection, not before one.
      const child = fork(modulePath, [], {
        execArgv: ['--expose-gc'],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      return new GeneratorProcess(child, (message) => onProgress(i, message));
    });
    const pool = new GeneratorPool(processes);
    const ready = await pool.collect('ready');
    const failed = ready.findIndex((m) => m === null);
    if (failed >= 0) {
      const why = processes[failed].exit ?? 'exited';
      await pool.kill();
      throw new HeadroomError(
        'GENERATOR_START_FAILED',
        'internal',
        `sessions generator process ${failed + 1} ${why}`,
      );
    }
    return pool;
  }

  get size(): number {
    return this.processes.length;
  }

  send(index: number, message: ParentMessage): void {
    this.processes[index].send(message);
  }

  broadcast(message: ParentMessage): void {
    for (const p of this.processes) p.send(message);
  }

  /** The next message of a type from every process (null for those that exited). */
  collect<T extends WorkerMessage['type']>(type: T): Promise<(MessageOf<T> | null)[]> {
    return Promise.all(this.processes.map((p) => p.next(type)));
  }

  /** The next message of a type from process `index` (null if it exits first). */
  next<T extends WorkerMessage['type']>(index: number, type: T): Promise<MessageOf<T> | null> {
    return this.processes[index].next(type);
  }

  /** How process i ended, or null while it runs. */
  exitOf(index: number): string | null {
    return this.processes[index].exit;
  }

  /** Asks every process to close its connections and exit; kills those that do not in time. */
  async close(): Promise<void> {
    this.broadcast({ type: 'close' });
    const timer = setTimeout(() => void this.kill(), EXIT_WAIT_MS);
    await Promise.all(this.processes.map((p) => p.exited));
    clearTimeout(timer);
  }

  /** Kills every process now (SIGKILL) and waits for them to be gone. */
  async kill(): Promise<void> {
    for (const p of this.processes) if (p.exit === null) p.child.kill('SIGKILL');
    await Promise.all(this.processes.map((p) => p.exited));
  }
}

/**
 * The compiled worker module next to this one. Under vitest this module runs from its
 * TypeScript source, while a forked process runs plain Node.js: it then uses the compiled
 * module under dist/ (build the package first).
 */
export function workerModulePath(): string {
  const beside = fileURLToPath(new URL('./sessions-worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const marker = `${sep}src${sep}workloads${sep}`;
  const compiled = beside.replace(marker, `${sep}dist${marker}`);
  if (compiled !== beside && existsSync(compiled)) return compiled;
  throw new HeadroomError(
    'GENERATOR_MODULE_MISSING',
    'internal',
    `the sessions generator module is missing (looked for ${beside}); build the package: npx tsc -b packages/scenarios`,
  );
}
