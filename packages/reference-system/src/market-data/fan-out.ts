import type { InstrumentFeed } from './instrument-feed.js';
import { AWAITING, type MdConnection, NOT_SUBSCRIBED, type Subscription } from './md-connection.js';
import { EventKind, type MdEvent } from './md-messages.js';

/** A channel awaiting its snapshot holds at most this many events before asking again. */
export const MAX_HELD_EVENTS = 100_000;

/** Where `fanOut` hands its results (the hub). */
export interface FanOutSink {
  /** `json`: `messages` comma-separated messages for this connection, in seq order. */
  deliver(connection: MdConnection, json: string, messages: number): void;
  /** Messages a conflated connection did not get. */
  missed(connection: MdConnection, messages: number): void;
  /** A channel held too many events waiting for its snapshot: ask for a new one. */
  resnapshot(
    connection: MdConnection,
    feed: InstrumentFeed,
    subscription: Subscription,
    kind: EventKind,
  ): void;
}

/**
 * Hands one instrument's pending events to each of its subscribers. Each event is serialised
 * at most once, and each run of events (book only, trades only, both) is joined at most once
 * per flush, so a subscriber in the common case costs one array push, whatever the event count.
 * Subscribers whose channel has just started (or awaits its snapshot) take the filtered path.
 */
export function fanOut(feed: InstrumentFeed, sink: FanOutSink): void {
  const events = feed.pending;
  feed.pending = [];
  if (events.length === 0) return;
  const firstSeq = events[0].seq;
  // Shared runs indexed by [EventKind.BOOK, EventKind.TRADE, both]; built on first use.
  const runs: (string | undefined)[] = [undefined, undefined, undefined];
  const runCounts = [0, 0, events.length];
  for (const event of events) runCounts[event.kind] += 1;
  const run = (which: number): string => {
    let json = runs[which];
    if (json === undefined) {
      json = '';
      for (const event of events) {
        if (which !== 2 && event.kind !== which) continue;
        json += (json.length === 0 ? '' : ',') + event.toJson(feed.symbolJson);
      }
      runs[which] = json;
    }
    return json;
  };
  for (const [connection, subscription] of feed.subscribers) {
    const book = subscription.after[EventKind.BOOK];
    const trades = subscription.after[EventKind.TRADE];
    if (connection.conflatingSince !== 0) {
      const missed =
        (book !== NOT_SUBSCRIBED ? runCounts[0] : 0) + (trades !== NOT_SUBSCRIBED ? runCounts[1] : 0);
      sink.missed(connection, missed);
      continue;
    }
    // "Live": subscribed, and every pending event is newer than where the channel started.
    const bookLive = book >= 0 && book < firstSeq;
    const tradesLive = trades >= 0 && trades < firstSeq;
    if ((bookLive || book === NOT_SUBSCRIBED) && (tradesLive || trades === NOT_SUBSCRIBED)) {
      const which = bookLive && tradesLive ? 2 : bookLive ? 0 : 1;
      if (runCounts[which] > 0) sink.deliver(connection, run(which), runCounts[which]);
      continue;
    }
    fanOutFiltered(connection, feed, subscription, events, sink);
  }
}

/** The rare path: a channel just subscribed or awaiting its snapshot. */
function fanOutFiltered(
  connection: MdConnection,
  feed: InstrumentFeed,
  subscription: Subscription,
  events: readonly MdEvent[],
  sink: FanOutSink,
): void {
  let json = '';
  let count = 0;
  for (const event of events) {
    const after = subscription.after[event.kind];
    if (after === NOT_SUBSCRIBED) continue;
    if (after === AWAITING) {
      const held = subscription.held[event.kind];
      held.push(event);
      // The snapshot is taking too long to come back: ask again instead of holding more.
      if (held.length > MAX_HELD_EVENTS) sink.resnapshot(connection, feed, subscription, event.kind);
      continue;
    }
    if (event.seq <= after) continue;
    json += (count === 0 ? '' : ',') + event.toJson(feed.symbolJson);
    count += 1;
  }
  if (count > 0) sink.deliver(connection, json, count);
}
