import { crc32 } from 'node:zlib';

import type { AcceptedOrder } from '../orders/order-tracker.js';

/** An accepted order, as the journal records it. */
export interface JournalOrder extends AcceptedOrder {
  readonly kind: 'order';
}

export interface JournalCancel {
  readonly kind: 'cancel';
  readonly orderId: number;
  readonly ownerId: number;
}

export type JournalRecord = JournalOrder | JournalCancel;

/**
 * Frame layout, little-endian: u32 payload length (bytes) · u32 CRC-32 of the payload ·
 * payload (UTF-8 JSON array). The length and checksum let replay find where a write torn
 * by a crash begins. A journal starts with a header frame naming the format version.
 */
export const FRAME_HEADER_BYTES = 8;
export const JOURNAL_FORMAT = 'headroom-order-journal';
export const JOURNAL_VERSION = 1;
/** No record comes near this; a larger length can only be a torn or foreign header. */
export const MAX_PAYLOAD_BYTES = 1 << 20;

export function encodeFrame(payload: string): Buffer {
  const length = Buffer.byteLength(payload);
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.write(payload, FRAME_HEADER_BYTES, 'utf8');
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEADER_BYTES)), 4);
  return frame;
}

export function encodeHeader(): Buffer {
  return encodeFrame(JSON.stringify(['h', JOURNAL_VERSION, JOURNAL_FORMAT]));
}

/** Arrays, not objects: the journal is the per-order byte cost the capacity report projects. */
export function encodeRecord(record: JournalRecord): Buffer {
  const payload =
    record.kind === 'order'
      ? JSON.stringify([
          'o',
          record.orderId,
          record.ownerId,
          record.clientOrderId,
          record.symbol,
          record.side,
          record.type,
          record.price,
          record.quantity,
          record.timeInForce,
        ])
      : JSON.stringify(['c', record.orderId, record.ownerId]);
  return encodeFrame(payload);
}

export type DecodedPayload = { kind: 'header'; version: number } | JournalRecord;

/** Decodes a checksummed payload; null when it is not a record this version wrote. */
export function decodePayload(payload: Buffer): DecodedPayload | null {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value)) return null;
  const v = value as unknown[];
  switch (v[0]) {
    case 'h':
      return v[2] === JOURNAL_FORMAT && typeof v[1] === 'number' ? { kind: 'header', version: v[1] } : null;
    case 'o':
      if (
        v.length !== 10 ||
        !isInt(v[1]) ||
        !isInt(v[2]) ||
        typeof v[3] !== 'string' ||
        typeof v[4] !== 'string' ||
        (v[5] !== 'buy' && v[5] !== 'sell') ||
        (v[6] !== 'limit' && v[6] !== 'market') ||
        !(v[7] === null || isInt(v[7])) ||
        !isInt(v[8]) ||
        (v[9] !== 'GTC' && v[9] !== 'IOC')
      ) {
        return null;
      }
      return {
        kind: 'order',
        orderId: v[1],
        ownerId: v[2],
        clientOrderId: v[3],
        symbol: v[4],
        side: v[5],
        type: v[6],
        price: v[7],
        quantity: v[8],
        timeInForce: v[9],
      };
    case 'c':
      return v.length === 3 && isInt(v[1]) && isInt(v[2])
        ? { kind: 'cancel', orderId: v[1], ownerId: v[2] }
        : null;
    default:
      return null;
  }
}

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}
