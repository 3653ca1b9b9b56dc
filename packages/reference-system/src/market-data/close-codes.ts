/**
 * WebSocket close codes the market-data feed uses. 4000–4999 are reserved by RFC 6455 for
 * applications; each code here is stable (clients and the load generator match on it).
 */
export const MarketDataCloseCode = {
  /**
   * The subscriber fell too far behind: it stayed conflated (its send buffer above the
   * high-water mark) longer than the allowed time, or its send buffer passed the hard byte
   * limit. Reason text: `slow consumer: …` with the figure that tripped. Reconnect and
   * resubscribe; each subscription starts again from a snapshot.
   */
  SLOW_CONSUMER: 4008,
  /** The server is shutting down (standard "going away"). */
  GOING_AWAY: 1001,
} as const;
export type MarketDataCloseCode = (typeof MarketDataCloseCode)[keyof typeof MarketDataCloseCode];

/** Error codes of `{"type":"error"}` replies to subscribe/unsubscribe; stable. */
export const MarketDataErrorCode = {
  /** The channel is not `book:<SYMBOL>` or `trades:<SYMBOL>`. */
  INVALID_CHANNEL: 'INVALID_CHANNEL',
  /** The symbol is not a listed instrument. */
  UNKNOWN_INSTRUMENT: 'UNKNOWN_INSTRUMENT',
  /** Subscribing to a channel the connection already has. */
  ALREADY_SUBSCRIBED: 'ALREADY_SUBSCRIBED',
  /** Unsubscribing from a channel the connection does not have. */
  NOT_SUBSCRIBED: 'NOT_SUBSCRIBED',
  /** The connection holds the maximum number of subscriptions. */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  /** The book snapshot could not be taken (e.g. its shard stopped); the channel is dropped. */
  SNAPSHOT_FAILED: 'SNAPSHOT_FAILED',
} as const;
export type MarketDataErrorCode = (typeof MarketDataErrorCode)[keyof typeof MarketDataErrorCode];
