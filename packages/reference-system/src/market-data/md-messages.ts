import type { BookLevel, BookSnapshot, Side } from '../engine/types.js';

/** Kinds of published events; a channel carries one kind. */
export const EventKind = { BOOK: 0, TRADE: 1 } as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/**
 * One published event, shared by every subscriber (never copied per subscriber). Its JSON is
 * produced at most once, the first time a flush needs it.
 */
export class MdEvent {
  json: string | undefined = undefined;

  constructor(
    readonly kind: EventKind,
    /** The instrument's sequence number of this event. */
    readonly seq: number,
    /** `seq` of the previous event of the same kind on this instrument (0 if none). */
    readonly prev: number,
    /** epoch ms with µs fraction */
    readonly ts: number,
    /** 'buy' | 'sell' for book events; '' for trades. */
    readonly side: Side | '',
    /** price units */
    readonly price: number,
    /** units; for a book event the level's new total (0 = level gone) */
    readonly quantity: number,
  ) {}

  toJson(symbolJson: string): string {
    if (this.json === undefined) {
      this.json =
        this.kind === EventKind.BOOK
          ? `{"type":"book","symbol":${symbolJson},"seq":${this.seq},"prev":${this.prev},"ts":${this.ts},"side":"${this.side}","price":${this.price},"quantity":${this.quantity}}`
          : `{"type":"trade","symbol":${symbolJson},"seq":${this.seq},"prev":${this.prev},"ts":${this.ts},"price":${this.price},"quantity":${this.quantity}}`;
    }
    return this.json;
  }
}

function levels(side: readonly BookLevel[]): string {
  let out = '[';
  for (let i = 0; i < side.length; i++) {
    const level = side[i];
    out += `${i === 0 ? '' : ','}{"price":${level.price},"quantity":${level.quantity},"orders":${level.orders}}`;
  }
  return out + ']';
}

/** A client's request id, echoed in the answer (`,"id":…` or nothing). */
export type RequestId = string | number | undefined;

function idField(id: RequestId): string {
  return id === undefined ? '' : `,"id":${JSON.stringify(id)}`;
}

/** The book as of `seq`: apply deltas with a greater `seq` on top of it. */
export function snapshotJson(channel: string, snapshot: BookSnapshot, ts: number, id?: RequestId): string {
  return `{"type":"snapshot"${idField(id)},"channel":${JSON.stringify(channel)},"symbol":${JSON.stringify(snapshot.symbol)},"seq":${snapshot.seq},"ts":${ts},"bids":${levels(snapshot.bids)},"asks":${levels(snapshot.asks)}}`;
}

/** A trades subscription starts after `seq`: trades with a greater `seq` follow. */
export function subscribedJson(
  channel: string,
  symbol: string,
  seq: number,
  ts: number,
  id?: RequestId,
): string {
  return `{"type":"subscribed"${idField(id)},"channel":${JSON.stringify(channel)},"symbol":${JSON.stringify(symbol)},"seq":${seq},"ts":${ts}}`;
}

export function unsubscribedJson(channel: string, ts: number, id?: RequestId): string {
  return `{"type":"unsubscribed"${idField(id)},"channel":${JSON.stringify(channel)},"ts":${ts}}`;
}

export function errorJson(
  code: string,
  message: string,
  channel: string,
  ts: number,
  id?: RequestId,
): string {
  return JSON.stringify({ type: 'error', id, code, message, channel, ts });
}

/**
 * Sent when a conflated connection has caught up: `dropped` messages were not sent since
 * `since`; a `snapshot` (book) or `subscribed` (trades) for every channel follows, and each
 * channel continues from that message's `seq`.
 */
export function conflatedJson(
  since: number,
  ts: number,
  dropped: number,
  channels: readonly string[],
): string {
  return JSON.stringify({ type: 'conflated', since, ts, dropped, channels });
}
