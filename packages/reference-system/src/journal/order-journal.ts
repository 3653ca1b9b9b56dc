import { open, type FileHandle } from 'node:fs/promises';

import type { FsyncPolicy } from '../config/resolve-system-config.js';
import { StorageError } from '../errors.js';
import type { BusyResource } from '../metrics/busy-resource.js';
import { encodeHeader, encodeRecord, type JournalRecord } from './journal-codec.js';

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

export interface JournalStats {
  /** Records appended and not yet durable under the policy. */
  readonly pending: number;
  readonly recordsWritten: number;
  readonly bytesWritten: number;
  /** write() calls: one per group commit. */
  readonly writes: number;
  readonly fsyncs: number;
}

/**
 * The append-only order journal with group commit. Records appended while a write is in
 * flight (or within the same turn of the event loop) go out together in one write and,
 * under 'always', one fdatasync; each append's promise settles when its record is durable
 * under the policy:
 * - always: after the write and the fdatasync that covers it;
 * - batch: after the write; a timer forces the file to disk every `fsyncIntervalMs`;
 * - off: after the write; the OS decides when it reaches the disk.
 * After a failed write the journal refuses every later append: the book may hold orders
 * that are not durable, so the service must stop taking orders rather than acknowledge more.
 */
export class OrderJournal {
  private buffers: Buffer[] = [];
  private waiters: Waiter[] = [];
  private bufferedBytes = 0;
  /** Records of the write in progress. */
  private inFlight = 0;
  private flushing = false;
  private scheduled = false;
  private failure: Error | null = null;
  private closed = false;
  private dirty = false; // written since the last fsync
  private syncTimer: NodeJS.Timeout | null = null;
  private idle: (() => void) | null = null;
  private stats = { recordsWritten: 0, bytesWritten: 0, writes: 0, fsyncs: 0 };

  private constructor(
    private readonly handle: FileHandle,
    private readonly policy: FsyncPolicy,
    fsyncIntervalMs: number,
    private readonly busy: BusyResource | undefined,
  ) {
    if (policy === 'batch') {
      this.syncTimer = setInterval(() => void this.syncIfDirty(), fsyncIntervalMs);
      this.syncTimer.unref();
    }
  }

  /**
   * Opens `file` for appending at `validBytes` (what replay trusted), dropping anything after it.
   * `busy` (the `journal_writer` resource) is busy while a write or an fdatasync is in flight.
   */
  static async open(
    file: string,
    policy: FsyncPolicy,
    fsyncIntervalMs: number,
    validBytes: number,
    busy?: BusyResource,
  ): Promise<OrderJournal> {
    let handle: FileHandle;
    try {
      handle = await open(file, 'a+');
      await handle.truncate(validBytes);
      if (validBytes === 0) {
        await handle.write(encodeHeader());
      }
      await handle.datasync();
    } catch (error) {
      throw new StorageError(
        'JOURNAL_UNWRITABLE',
        'usage',
        `cannot open journal ${file} for writing: ${String(error)}`,
        {
          cause: error,
        },
      );
    }
    return new OrderJournal(handle, policy, fsyncIntervalMs, busy);
  }

  get pending(): number {
    return this.waiters.length + this.inFlight;
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  snapshot(): JournalStats {
    return { pending: this.pending, ...this.stats };
  }

  /** Resolves when the record is durable under the policy; rejects if it cannot be written. */
  append(record: JournalRecord): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.closed)
      return Promise.reject(new StorageError('JOURNAL_CLOSED', 'internal', 'the journal is closed'));
    const frame = encodeRecord(record);
    this.buffers.push(frame);
    this.bufferedBytes += frame.length;
    const promise = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.flushing && !this.scheduled) {
      this.scheduled = true;
      // Wait for the rest of this turn: orders from other sockets read in the same poll join the batch.
      setImmediate(() => {
        this.scheduled = false;
        void this.flush();
      });
    }
    return promise;
  }

  /** Writes what is buffered, forces it to disk, stops the timer and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.syncTimer !== null) clearInterval(this.syncTimer);
    if (this.flushing || this.scheduled || this.waiters.length > 0) {
      await new Promise<void>((resolve) => (this.idle = resolve));
    }
    if (this.failure === null) await this.handle.datasync().catch(() => undefined);
    await this.handle.close();
  }

  private async flush(): Promise<void> {
    while (this.waiters.length > 0 && this.failure === null) {
      this.flushing = true;
      const batch =
        this.buffers.length === 1 ? this.buffers[0] : Buffer.concat(this.buffers, this.bufferedBytes);
      const waiters = this.waiters;
      this.buffers = [];
      this.waiters = [];
      this.bufferedBytes = 0;
      this.inFlight = waiters.length;
      this.busy?.begin();
      try {
        await writeAll(this.handle, batch);
        this.stats.writes++;
        this.stats.bytesWritten += batch.length;
        this.stats.recordsWritten += waiters.length;
        if (this.policy === 'always') {
          await this.handle.datasync();
          this.stats.fsyncs++;
        } else {
          this.dirty = true;
        }
        this.busy?.end();
        this.inFlight = 0;
        for (const w of waiters) w.resolve();
      } catch (error) {
        this.busy?.end();
        this.inFlight = 0;
        this.failure = new StorageError(
          'JOURNAL_WRITE_FAILED',
          'internal',
          `journal write failed: ${String(error)}`,
          {
            cause: error,
          },
        );
        for (const w of [...waiters, ...this.waiters]) w.reject(this.failure);
        this.waiters = [];
        this.buffers = [];
      }
    }
    this.flushing = false;
    if (this.idle !== null && this.waiters.length === 0) {
      this.idle();
      this.idle = null;
    }
  }

  private async syncIfDirty(): Promise<void> {
    if (!this.dirty || this.closed || this.failure !== null) return;
    this.dirty = false;
    this.busy?.begin();
    try {
      await this.handle.datasync();
      this.stats.fsyncs++;
    } catch {
      this.dirty = true;
    } finally {
      this.busy?.end();
    }
  }
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}
