import type { BusyResource } from '../metrics/busy-resource.js';
import { type Channel, channelName } from './channel.js';
import { MarketDataCloseCode } from './close-codes.js';
import { epochNowMs } from './epoch-clock.js';
import type { ResolvedMarketDataOptions } from './market-data-options.js';
import { AWAITING, type MdConnection, NOT_SUBSCRIBED } from './md-connection.js';
import { EventKind, conflatedJson } from './md-messages.js';

const OPEN = 1; // WebSocket readyState
const CLOSED = 3;

/** The hub's counters this policy updates. */
export interface SlowConsumerCounters {
  conflations: number;
  messagesConflated: number;
  slowConsumerDisconnects: number;
  maxSendBufferBytes: number;
}

/** What the policy needs of the hub. */
export interface SlowConsumerHost {
  enqueue(connection: MdConnection, json: string, messages: number): void;
  /** Starts the channel again from a fresh snapshot (or `subscribed`). */
  restart(connection: MdConnection, channel: Channel): void;
  removeConnection(connection: MdConnection): void;
}

/**
 * Backpressure per connection on `bufferedAmount` (bytes queued in user space):
 * above the high-water mark at a write the connection is conflated — nothing is sent or kept for
 * it; a timer checks conflated connections, and once one drains to the low-water mark it gets a
 * `conflated` notice and every channel restarts from a snapshot; one that stays behind longer
 * than `maxConflatedMs`, or queues more than `maxBufferedBytes`, is closed with SLOW_CONSUMER.
 */
export class SlowConsumers {
  readonly conflating = new Set<MdConnection>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: ResolvedMarketDataOptions,
    private readonly counters: SlowConsumerCounters,
    private readonly host: SlowConsumerHost,
    private readonly busy: BusyResource | undefined,
  ) {}

  /** Decides before a write: true to send now; false when the connection was conflated or closed. */
  admit(connection: MdConnection): boolean {
    const buffered = this.observe(connection);
    if (buffered > this.options.maxBufferedBytes) {
      this.disconnect(
        connection,
        `slow consumer: ${buffered} bytes unsent (limit ${this.options.maxBufferedBytes})`,
      );
      return false;
    }
    if (buffered > this.options.highWaterBytes) {
      this.conflate(connection);
      return false;
    }
    return true;
  }

  forget(connection: MdConnection): void {
    this.conflating.delete(connection);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private observe(connection: MdConnection): number {
    const buffered = connection.socket.bufferedAmount;
    if (buffered > this.counters.maxSendBufferBytes) this.counters.maxSendBufferBytes = buffered;
    return buffered;
  }

  private conflate(connection: MdConnection): void {
    connection.conflatingSince = epochNowMs();
    connection.dropped = connection.partMessages;
    this.counters.messagesConflated += connection.partMessages;
    this.counters.conflations += 1;
    connection.parts = [];
    connection.partMessages = 0;
    // Nothing is held for a conflated connection; each channel is re-snapshotted on recovery.
    for (const subscription of connection.subscriptions.values()) {
      for (const kind of [EventKind.BOOK, EventKind.TRADE] as const) {
        if (subscription.after[kind] === NOT_SUBSCRIBED) continue;
        subscription.after[kind] = AWAITING;
        subscription.generation[kind] += 1;
        subscription.held[kind] = [];
      }
    }
    this.conflating.add(connection);
    this.timer ??= setInterval(() => this.check(), this.options.conflationCheckMs);
  }

  private check(): void {
    const startedAt = this.busy?.start();
    const now = epochNowMs();
    for (const connection of this.conflating) {
      if (connection.socket.readyState !== OPEN) {
        this.host.removeConnection(connection);
        continue;
      }
      const buffered = this.observe(connection);
      if (buffered <= this.options.lowWaterBytes) {
        this.recover(connection, now);
      } else if (buffered > this.options.maxBufferedBytes) {
        this.disconnect(
          connection,
          `slow consumer: ${buffered} bytes unsent (limit ${this.options.maxBufferedBytes})`,
        );
      } else if (now - connection.conflatingSince > this.options.maxConflatedMs) {
        this.disconnect(connection, `slow consumer: behind for more than ${this.options.maxConflatedMs} ms`);
      }
    }
    if (this.conflating.size === 0) this.stop();
    if (startedAt !== undefined) this.busy!.stop(startedAt);
  }

  /** Caught up: tell the client what it missed, then restart every channel from a snapshot. */
  private recover(connection: MdConnection, now: number): void {
    this.conflating.delete(connection);
    const since = connection.conflatingSince;
    connection.conflatingSince = 0;
    const channels: Channel[] = [];
    for (const [symbol, subscription] of connection.subscriptions) {
      for (const kind of [EventKind.BOOK, EventKind.TRADE] as const) {
        if (subscription.after[kind] !== NOT_SUBSCRIBED)
          channels.push({ kind, symbol, name: channelName(kind, symbol) });
      }
    }
    const names = channels.map((c) => c.name);
    this.host.enqueue(connection, conflatedJson(since, now, connection.dropped, names), 1);
    connection.dropped = 0;
    for (const channel of channels) this.host.restart(connection, channel);
  }

  private disconnect(connection: MdConnection, reason: string): void {
    this.counters.slowConsumerDisconnects += 1;
    this.host.removeConnection(connection);
    const socket = connection.socket;
    socket.close(MarketDataCloseCode.SLOW_CONSUMER, reason);
    // A client that does not read never answers the close frame; free the socket anyway.
    setTimeout(() => {
      if (socket.readyState !== CLOSED) socket.terminate();
    }, this.options.closeGraceMs).unref();
  }
}
