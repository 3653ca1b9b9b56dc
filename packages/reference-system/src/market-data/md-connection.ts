import type { MdEvent } from './md-messages.js';

/** A channel's state: not subscribed, awaiting its snapshot, or `n ≥ 0`: send events with seq > n. */
export const NOT_SUBSCRIBED = -2;
export const AWAITING = -1;

/** What the hub needs of a WebSocket (the `ws` package's WebSocket satisfies it). */
export interface MarketDataSocket {
  /** Bytes queued in user space, not yet handed to the kernel. */
  readonly bufferedAmount: number;
  /** 1 = OPEN */
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}

/** One connection's subscriptions to one instrument, indexed by `EventKind`. */
export class Subscription {
  readonly after: [number, number] = [NOT_SUBSCRIBED, NOT_SUBSCRIBED];
  /** Bumped on every snapshot request so a late answer to an earlier one is ignored. */
  readonly generation: [number, number] = [0, 0];
  /** Events that arrived while the channel awaited its snapshot. */
  readonly held: [MdEvent[], MdEvent[]] = [[], []];

  isEmpty(): boolean {
    return this.after[0] === NOT_SUBSCRIBED && this.after[1] === NOT_SUBSCRIBED;
  }
}

/** A connection registered with the hub; the gateway keeps it and passes it back. */
export class MdConnection {
  /** JSON messages (or comma-joined runs of them) waiting for the next flush. */
  parts: string[] = [];
  /** Messages in `parts`. */
  partMessages = 0;
  dirty = false;
  closed = false;
  /** epoch ms when conflation began; 0 when not conflated */
  conflatingSince = 0;
  /** Messages not sent during the current conflation. */
  dropped = 0;
  /** Subscribed channels, counted across instruments. */
  channels = 0;
  readonly subscriptions = new Map<string, Subscription>();

  constructor(readonly socket: MarketDataSocket) {}
}
