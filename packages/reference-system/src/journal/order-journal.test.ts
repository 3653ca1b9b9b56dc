import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { encodeRecord, type JournalRecord } from './journal-codec.js';
import { OrderJournal } from './order-journal.js';
import { readJournal } from './read-journal.js';

const order = (orderId: number): JournalRecord => ({
  kind: 'order',
  orderId,
  ownerId: 7,
  clientOrderId: `c-${orderId}`,
  symbol: 'SYM00001',
  side: orderId % 2 === 0 ? 'buy' : 'sell',
  type: 'limit',
  price: 1000 + orderId,
  quantity: 10,
  timeInForce: 'GTC',
});

async function readAll(
  file: string,
): Promise<{ records: JournalRecord[]; scan: Awaited<ReturnType<typeof readJournal>> }> {
  const records: JournalRecord[] = [];
  const scan = await readJournal(file, (r) => void records.push(r));
  return { records, scan };
}

describe('OrderJournal', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-journal-'));
    file = join(dir, 'orders.journal');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes records that read back in order, orders and cancels alike', async () => {
    const journal = await OrderJournal.open(file, 'always', 10, 0);
    const written: JournalRecord[] = [order(1), { kind: 'cancel', orderId: 1, ownerId: 7 }, order(2)];
    await Promise.all(written.map((r) => journal.append(r)));
    await journal.close();
    const { records, scan } = await readAll(file);
    expect(records).toEqual(written);
    expect(scan.tornBytes).toBe(0);
    expect(scan.validBytes).toBe(scan.totalBytes);
  });

  it('commits appends of one turn with one write and one fsync', async () => {
    const journal = await OrderJournal.open(file, 'always', 10, 0);
    const appends = Array.from({ length: 500 }, (_, i) => journal.append(order(i + 1)));
    expect(journal.pending).toBe(500);
    await Promise.all(appends);
    const stats = journal.snapshot();
    expect(stats.writes).toBe(1);
    expect(stats.fsyncs).toBe(1);
    expect(stats.recordsWritten).toBe(500);
    expect(journal.pending).toBe(0);
    // Appends made while that write is in flight form the next group, not 1 write each.
    const first = Array.from({ length: 10 }, (_, i) => journal.append(order(1000 + i)));
    await new Promise((r) => setImmediate(r));
    const second = Array.from({ length: 10 }, (_, i) => journal.append(order(2000 + i)));
    await Promise.all([...first, ...second]);
    expect(journal.snapshot().writes).toBeLessThanOrEqual(3);
    await journal.close();
  });

  it('under batch and off acknowledges after the write and still reads back after close', async () => {
    for (const policy of ['batch', 'off'] as const) {
      const path = join(dir, `${policy}.journal`);
      const journal = await OrderJournal.open(path, policy, 5, 0);
      await Promise.all([journal.append(order(1)), journal.append(order(2))]);
      expect(journal.snapshot().fsyncs).toBe(0);
      await journal.close();
      expect((await readAll(path)).records).toHaveLength(2);
    }
  });

  it('finds a torn tail, stops before it, and appending resumes where the good data ends', async () => {
    const journal = await OrderJournal.open(file, 'always', 10, 0);
    await Promise.all([journal.append(order(1)), journal.append(order(2))]);
    await journal.close();
    const good = (await stat(file)).size;
    const third = encodeRecord(order(3));
    await appendFile(file, third.subarray(0, third.length - 3)); // a write cut short by kill -9
    const { records, scan } = await readAll(file);
    expect(records.map((r) => r.orderId)).toEqual([1, 2]);
    expect(scan.validBytes).toBe(good);
    expect(scan.tornBytes).toBe(third.length - 3);

    const reopened = await OrderJournal.open(file, 'always', 10, scan.validBytes);
    await reopened.append(order(4));
    await reopened.close();
    expect((await readAll(file)).records.map((r) => r.orderId)).toEqual([1, 2, 4]);
  });

  it('treats a checksum mismatch at the tail as torn', async () => {
    const journal = await OrderJournal.open(file, 'always', 10, 0);
    await journal.append(order(1));
    await journal.close();
    const bad = encodeRecord(order(2));
    bad[bad.length - 1] ^= 0xff;
    await appendFile(file, bad);
    const { records, scan } = await readAll(file);
    expect(records).toHaveLength(1);
    expect(scan.tornBytes).toBe(bad.length);
  });

  it('refuses a file that is not a journal, and reads a missing one as empty', async () => {
    await writeFile(file, Buffer.concat([encodeRecord(order(1))]));
    await expect(readAll(file)).rejects.toMatchObject({ code: 'JOURNAL_CORRUPT' });
    const missing = await readAll(join(dir, 'nope.journal'));
    expect(missing.scan).toEqual({ records: 0, validBytes: 0, totalBytes: 0, tornBytes: 0 });
    expect((await readFile(file)).length).toBeGreaterThan(0);
  });

  it('rejects appends after close', async () => {
    const journal = await OrderJournal.open(file, 'off', 10, 0);
    await journal.close();
    await expect(journal.append(order(1))).rejects.toMatchObject({ code: 'JOURNAL_CLOSED' });
  });
});
