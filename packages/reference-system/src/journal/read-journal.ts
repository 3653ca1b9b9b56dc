import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

import { StorageError } from '../errors.js';
import {
  FRAME_HEADER_BYTES,
  JOURNAL_VERSION,
  MAX_PAYLOAD_BYTES,
  decodePayload,
  type JournalRecord,
} from './journal-codec.js';

export interface JournalScan {
  /** Records handed to the callback. */
  readonly records: number;
  /** Bytes up to the end of the last intact frame: where appending resumes. */
  readonly validBytes: number;
  readonly totalBytes: number;
  /** Bytes after validBytes: a write torn by a crash (length or checksum does not hold). */
  readonly tornBytes: number;
}

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Reads a journal from the start and hands every intact record to `onRecord`, in order,
 * awaiting each. Stops at the first frame whose length or checksum does not hold: with
 * appends only, that can only be the tail a crash tore, so what follows is not trusted.
 * A missing file is an empty journal. A frame whose checksum holds but whose content is
 * not a record of this format means the file is not ours: that throws JOURNAL_CORRUPT.
 */
export async function readJournal(
  file: string,
  onRecord: (record: JournalRecord) => void | Promise<void>,
): Promise<JournalScan> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT')
      return { records: 0, validBytes: 0, totalBytes: 0, tornBytes: 0 };
    throw new StorageError('JOURNAL_UNREADABLE', 'usage', `cannot open journal ${file}: ${String(error)}`, {
      cause: error,
    });
  }
  try {
    const totalBytes = (await handle.stat()).size;
    let carry = Buffer.alloc(0);
    let carryOffset = 0; // file offset of carry[0]
    let records = 0;
    let sawHeader = false;
    let torn = false;
    let eof = false;
    while (!torn) {
      let pos = 0;
      while (carry.length - pos >= FRAME_HEADER_BYTES) {
        const length = carry.readUInt32LE(pos);
        if (length > MAX_PAYLOAD_BYTES) {
          torn = true;
          break;
        }
        if (carry.length - pos < FRAME_HEADER_BYTES + length) break;
        const payload = carry.subarray(pos + FRAME_HEADER_BYTES, pos + FRAME_HEADER_BYTES + length);
        if (crc32(payload) !== carry.readUInt32LE(pos + 4)) {
          torn = true;
          break;
        }
        const decoded = decodePayload(payload);
        const at = carryOffset + pos;
        if (decoded === null) throw corrupt(file, at, 'a checksummed frame is not a journal record');
        if (!sawHeader) {
          if (decoded.kind !== 'header')
            throw corrupt(file, at, 'the file does not start with a journal header');
          if (decoded.version !== JOURNAL_VERSION) {
            throw corrupt(
              file,
              at,
              `journal format version ${decoded.version}; this build reads ${JOURNAL_VERSION}`,
            );
          }
          sawHeader = true;
        } else if (decoded.kind === 'header') {
          throw corrupt(file, at, 'a second journal header');
        } else {
          await onRecord(decoded);
          records++;
        }
        pos += FRAME_HEADER_BYTES + length;
      }
      carry = carry.subarray(pos);
      carryOffset += pos;
      if (torn) break;
      if (eof) {
        torn = carry.length > 0;
        break;
      }
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, carryOffset + carry.length);
      if (bytesRead === 0) eof = true;
      else carry = Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
    }
    return { records, validBytes: carryOffset, totalBytes, tornBytes: totalBytes - carryOffset };
  } finally {
    await handle.close();
  }
}

function corrupt(file: string, offset: number, why: string): StorageError {
  return new StorageError('JOURNAL_CORRUPT', 'usage', `journal ${file} at byte ${offset}: ${why}`);
}
