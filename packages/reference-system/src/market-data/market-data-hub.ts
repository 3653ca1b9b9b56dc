import type { BookSnapshot, EngineEvents, Fill, Side } from '../engine/types.js';
import type { BusyResource } from '../metrics/busy-resource.js';
import { type Channel, channelName, parseChannel } from './channel.js';
import { MarketDataCloseCode, MarketDataErrorCode } from './close-codes.js';
import { epochNowMs } from './epoch-clock.js';
import { SlowConsumers } from './slow-consumers.js';
import { type FanOutSink, fanOut } from './fan-out.js';
import { InstrumentFeed } from './instrument-feed.js';
import type { MarketDataOptions, ResolvedMarketDataOptions } from './market-data-options.js';
import { resolveMarketDataOptions } from './market-data-options.js';
import type { MarketDataStats } from './market-data-stats.js';
import {
  AWAITING,
  type MarketDataSocket,
  MdConnection,
  NOT_SUBSCRIBED,
  Subscription,
} from './md-connection.js';
import {
  EventKind,
  MdEvent,
  type RequestId,
  errorJson,
  snapshotJson,
  subscribedJson,
  unsubscribedJson,
} from './md-messages.js';

/** The book of `symbol` with its current seq, or undefined when the symbol is not listed. */
export type SnapshotSource = (
  symbol: string,
  depth: number,
) => BookSnapshot | undefined | Promise<BookSnapshot | undefined>;

const OPEN = 1; // WebSocket readyState

/**
 * Market-data fan-out, independent of the gateway. Connections register, subscribe to
 * `book:SYM` / `trades:SYM`, and receive frames carrying JSON arrays of messages. Engine
 * events are published into per-instrument queues; a flush serialises each event once and
 * writes one frame per connection. Backpressure is per connection on `bufferedAmount`: a
 * connection above the high-water mark is conflated (it gets nothing, costs nothing per event
 * and holds no queue), and once drained it receives a `conflated` notice and fresh snapshots;
 * one that stays behind too long, or passes the hard byte limit, is closed with
 * SLOW_CONSUMER (4008). See close-codes.ts and PROTOCOL.md.
 */
export class MarketDataHub {
  readonly options: ResolvedMarketDataOptions;
  private readonly snapshot: SnapshotSource;
  private readonly busy: BusyResource | undefined;
  private readonly feeds = new Map<string, InstrumentFeed>();
  private readonly connections = new Set<MdConnection>();
  private readonly slow: SlowConsumers;
  private dirtyFeeds: InstrumentFeed[] = [];
  private dirtyConnections: MdConnection[] = [];
  private flushTimer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private subscriptionCount = 0;
  private readonly fanOutSink: FanOutSink = {
    deliver: (connection, json, messages) => this.enqueue(connection, json, messages),
    missed: (connection, messages) => {
      connection.dropped += messages;
      this.counters.messagesConflated += messages;
    },
    resnapshot: (connection, feed, subscription, kind) =>
      this.requestSnapshot(connection, feed, subscription, {
        kind,
        symbol: feed.symbol,
        name: channelName(kind, feed.symbol),
      }),
  };
  private readonly counters = {
    eventsPublished: 0,
    messagesSent: 0,
    framesSent: 0,
    bytesSent: 0,
    conflations: 0,
    messagesConflated: 0,
    slowConsumerDisconnects: 0,
    maxSendBufferBytes: 0,
  };

  /** @param busy records the time spent in flushes (the `md_fanout` resource) */
  constructor(snapshot: SnapshotSource, options: MarketDataOptions = {}, busy?: BusyResource) {
    this.snapshot = snapshot;
    this.options = resolveMarketDataOptions(options);
    this.busy = busy;
    this.slow = new SlowConsumers(
      this.options,
      this.counters,
      {
        enqueue: (connection, json, messages) => this.enqueue(connection, json, messages),
        restart: (connection, channel) => {
          const subscription = connection.subscriptions.get(channel.symbol);
          if (subscription)
            this.requestSnapshot(connection, this.feed(channel.symbol), subscription, channel);
        },
        removeConnection: (connection) => this.removeConnection(connection),
      },
      busy,
    );
  }

  // ---- connections and subscriptions ---------------------------------------------------

  addConnection(socket: MarketDataSocket): MdConnection {
    const connection = new MdConnection(socket);
    this.connections.add(connection);
    return connection;
  }

  /** Forgets the connection and its subscriptions (idempotent; call on the socket's close). */
  removeConnection(connection: MdConnection): void {
    if (connection.closed) return;
    connection.closed = true;
    connection.parts = [];
    for (const [symbol, subscription] of connection.subscriptions) {
      this.feeds.get(symbol)?.subscribers.delete(connection);
      this.subscriptionCount -=
        (subscription.after[0] !== NOT_SUBSCRIBED ? 1 : 0) +
        (subscription.after[1] !== NOT_SUBSCRIBED ? 1 : 0);
    }
    connection.subscriptions.clear();
    this.connections.delete(connection);
    this.slow.forget(connection);
  }

  /**
   * Subscribes to `book:SYM` (a `snapshot` follows) or `trades:SYM` (a `subscribed` with the
   * current seq follows). Problems are answered on the connection with an `error` message.
   * `id`, the client's request id, is echoed in the answer.
   */
  subscribe(connection: MdConnection, channelText: unknown, id?: RequestId): void {
    if (connection.closed) return;
    const channel = parseChannel(channelText);
    if (!channel) return this.invalidChannel(connection, channelText, id);
    let subscription = connection.subscriptions.get(channel.symbol);
    if (subscription && subscription.after[channel.kind] !== NOT_SUBSCRIBED) {
      const message = `already subscribed to ${channel.name}`;
      return this.error(connection, MarketDataErrorCode.ALREADY_SUBSCRIBED, message, channel.name, id);
    }
    if (connection.channels >= this.options.maxSubscriptions) {
      const message = `at most ${this.options.maxSubscriptions} channels per connection`;
      return this.error(connection, MarketDataErrorCode.TOO_MANY_SUBSCRIPTIONS, message, channel.name, id);
    }
    const feed = this.feed(channel.symbol);
    if (!subscription) {
      subscription = new Subscription();
      connection.subscriptions.set(channel.symbol, subscription);
      feed.subscribers.set(connection, subscription);
    }
    subscription.after[channel.kind] = AWAITING;
    connection.channels += 1;
    this.subscriptionCount += 1;
    // A conflated connection gets its snapshot when it recovers, with all its other channels.
    if (connection.conflatingSince === 0) this.requestSnapshot(connection, feed, subscription, channel, id);
  }

  unsubscribe(connection: MdConnection, channelText: unknown, id?: RequestId): void {
    if (connection.closed) return;
    const channel = parseChannel(channelText);
    if (!channel) return this.invalidChannel(connection, channelText, id);
    const subscription = connection.subscriptions.get(channel.symbol);
    if (!subscription || subscription.after[channel.kind] === NOT_SUBSCRIBED) {
      const message = `not subscribed to ${channel.name}`;
      return this.error(connection, MarketDataErrorCode.NOT_SUBSCRIBED, message, channel.name, id);
    }
    this.dropChannel(connection, subscription, channel.symbol, channel.kind);
    this.reply(connection, unsubscribedJson(channel.name, epochNowMs(), id));
  }

  // ---- publishing ----------------------------------------------------------------------

  /** A price level's total changed (quantity 0 = level gone); `ts` defaults to now. */
  publishBook(
    symbol: string,
    side: Side,
    price: number,
    quantity: number,
    seq: number,
    ts = epochNowMs(),
  ): void {
    this.publish(EventKind.BOOK, symbol, side, price, quantity, seq, ts);
  }

  publishTrade(symbol: string, price: number, quantity: number, seq: number, ts = epochNowMs()): void {
    this.publish(EventKind.TRADE, symbol, '', price, quantity, seq, ts);
  }

  /** Engine callbacks that publish into this hub (combine with the gateway's own callbacks). */
  engineEvents(): Required<Pick<EngineEvents, 'onBookChange' | 'onFill'>> {
    return {
      onBookChange: (symbol, side, price, quantity, seq) =>
        this.publish(EventKind.BOOK, symbol, side, price, quantity, seq, epochNowMs()),
      onFill: (fill: Fill) =>
        this.publish(EventKind.TRADE, fill.symbol, '', fill.price, fill.quantity, fill.seq, epochNowMs()),
    };
  }

  /** Counters; O(connections), since it sums the send buffers (meant for scrapes, not hot paths). */
  stats(): MarketDataStats {
    let sendBufferBytes = 0;
    for (const connection of this.connections) sendBufferBytes += connection.socket.bufferedAmount;
    return {
      ...this.counters,
      connections: this.connections.size,
      subscriptions: this.subscriptionCount,
      conflatingConnections: this.slow.conflating.size,
      sendBufferBytes,
    };
  }

  /** Writes everything pending now (tests, shutdown). */
  flushNow(): void {
    if (this.flushTimer !== undefined) {
      if (this.options.batchIntervalMs === 0) clearImmediate(this.flushTimer as NodeJS.Immediate);
      else clearTimeout(this.flushTimer as NodeJS.Timeout);
      this.flushTimer = undefined;
    }
    if (this.busy) this.busy.time(() => this.flush());
    else this.flush();
  }

  /** Flushes, closes every registered connection with GOING_AWAY and stops the timers. */
  close(): void {
    this.flushNow();
    this.slow.stop();
    for (const connection of [...this.connections]) {
      this.removeConnection(connection);
      if (connection.socket.readyState === OPEN) {
        connection.socket.close(MarketDataCloseCode.GOING_AWAY, 'server shutting down');
      }
    }
  }

  // ---- internals -----------------------------------------------------------------------

  private feed(symbol: string): InstrumentFeed {
    let feed = this.feeds.get(symbol);
    if (!feed) {
      feed = new InstrumentFeed(symbol);
      this.feeds.set(symbol, feed);
    }
    return feed;
  }

  private publish(
    kind: EventKind,
    symbol: string,
    side: Side | '',
    price: number,
    quantity: number,
    seq: number,
    ts: number,
  ): void {
    const feed = this.feed(symbol);
    const prev = feed.lastSeq[kind];
    feed.lastSeq[kind] = seq;
    this.counters.eventsPublished += 1;
    if (feed.subscribers.size === 0) return;
    feed.pending.push(new MdEvent(kind, seq, prev, ts, side, price, quantity));
    if (feed.pending.length === 1) this.dirtyFeeds.push(feed);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined) return;
    const run = (): void => {
      this.flushTimer = undefined;
      this.flushNow();
    };
    this.flushTimer =
      this.options.batchIntervalMs === 0 ? setImmediate(run) : setTimeout(run, this.options.batchIntervalMs);
  }

  private reply(connection: MdConnection, json: string): void {
    if (connection.conflatingSince !== 0) {
      // Replies to a client that is not reading are not queued (that would be unbounded).
      connection.dropped += 1;
      this.counters.messagesConflated += 1;
      return;
    }
    this.enqueue(connection, json, 1);
  }

  private error(
    connection: MdConnection,
    code: string,
    message: string,
    channel: string,
    id: RequestId,
  ): void {
    this.reply(connection, errorJson(code, message, channel, epochNowMs(), id));
  }

  private invalidChannel(connection: MdConnection, channelText: unknown, id: RequestId): void {
    const channel = typeof channelText === 'string' ? channelText.slice(0, 100) : '';
    const message = 'channel must be "book:<SYMBOL>" or "trades:<SYMBOL>"';
    this.error(connection, MarketDataErrorCode.INVALID_CHANNEL, message, channel, id);
  }

  private enqueue(connection: MdConnection, json: string, messages: number): void {
    connection.parts.push(json);
    connection.partMessages += messages;
    if (!connection.dirty) {
      connection.dirty = true;
      this.dirtyConnections.push(connection);
      this.scheduleFlush();
    }
  }

  private dropChannel(
    connection: MdConnection,
    subscription: Subscription,
    symbol: string,
    kind: EventKind,
  ): void {
    subscription.after[kind] = NOT_SUBSCRIBED;
    subscription.generation[kind] += 1;
    subscription.held[kind] = [];
    connection.channels -= 1;
    this.subscriptionCount -= 1;
    if (subscription.isEmpty()) {
      connection.subscriptions.delete(symbol);
      this.feeds.get(symbol)?.subscribers.delete(connection);
    }
  }

  /** Asks for the channel's snapshot; events arriving meanwhile are held, then filtered by its seq. */
  private requestSnapshot(
    connection: MdConnection,
    feed: InstrumentFeed,
    subscription: Subscription,
    channel: Channel,
    id?: RequestId,
  ): void {
    const kind = channel.kind;
    const generation = ++subscription.generation[kind];
    subscription.after[kind] = AWAITING;
    subscription.held[kind] = [];
    const depth = kind === EventKind.BOOK ? this.options.snapshotDepth : 0;
    const settle = (book: BookSnapshot | undefined, failure?: unknown): void => {
      const current = subscription.generation[kind] === generation && subscription.after[kind] === AWAITING;
      if (connection.closed || !current) return;
      if (!book) {
        this.dropChannel(connection, subscription, feed.symbol, kind);
        if (failure === undefined) {
          const message = `unknown instrument ${feed.symbol}`;
          return this.error(connection, MarketDataErrorCode.UNKNOWN_INSTRUMENT, message, channel.name, id);
        }
        const reason =
          failure instanceof Error ? failure.message : typeof failure === 'string' ? failure : 'rejected';
        const message = `snapshot of ${feed.symbol} failed: ${reason}`;
        return this.error(connection, MarketDataErrorCode.SNAPSHOT_FAILED, message, channel.name, id);
      }
      const ts = epochNowMs();
      const first =
        kind === EventKind.BOOK
          ? snapshotJson(channel.name, book, ts, id)
          : subscribedJson(channel.name, feed.symbol, book.seq, ts, id);
      this.enqueue(connection, first, 1);
      subscription.after[kind] = book.seq;
      const held = subscription.held[kind];
      subscription.held[kind] = [];
      let json = '';
      let count = 0;
      for (const event of held) {
        if (event.seq <= book.seq) continue;
        json += (count === 0 ? '' : ',') + event.toJson(feed.symbolJson);
        count += 1;
      }
      if (count > 0) this.enqueue(connection, json, count);
    };
    let result: ReturnType<SnapshotSource>;
    try {
      result = this.snapshot(feed.symbol, depth);
    } catch (error) {
      return settle(undefined, error);
    }
    if (result instanceof Promise) {
      result.then(
        (book) => settle(book),
        (error: unknown) => settle(undefined, error ?? 'rejected'),
      );
    } else {
      settle(result);
    }
  }

  private flush(): void {
    const feeds = this.dirtyFeeds;
    this.dirtyFeeds = [];
    for (const feed of feeds) this.fanOut(feed);
    const connections = this.dirtyConnections;
    this.dirtyConnections = [];
    for (const connection of connections) this.write(connection);
  }

  private fanOut(feed: InstrumentFeed): void {
    fanOut(feed, this.fanOutSink);
  }

  /** Writes the connection's pending messages as one frame, applying the backpressure policy. */
  private write(connection: MdConnection): void {
    connection.dirty = false;
    if (connection.closed || connection.partMessages === 0) return;
    const socket = connection.socket;
    if (socket.readyState !== OPEN) return this.removeConnection(connection);
    if (!this.slow.admit(connection)) return;
    const frame =
      connection.parts.length === 1 ? `[${connection.parts[0]}]` : `[${connection.parts.join(',')}]`;
    this.counters.messagesSent += connection.partMessages;
    this.counters.framesSent += 1;
    this.counters.bytesSent += Buffer.byteLength(frame);
    connection.parts = [];
    connection.partMessages = 0;
    socket.send(frame);
  }
}
