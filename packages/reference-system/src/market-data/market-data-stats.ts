/** Counters of the market-data hub since it started (read by `/metrics`). */
export interface MarketDataStats {
  /** Book and trade events published by the engine (whether or not anyone subscribed). */
  readonly eventsPublished: number;
  /** Messages written to subscribers: events, snapshots and notices, once per recipient. */
  readonly messagesSent: number;
  /** WebSocket frames written (each carries a JSON array of messages). */
  readonly framesSent: number;
  /** UTF-8 bytes of the frames written. */
  readonly bytesSent: number;
  /** Times a connection was switched to conflation. */
  readonly conflations: number;
  /** Messages not sent because their connection was conflated. */
  readonly messagesConflated: number;
  /** Connections closed with `SLOW_CONSUMER`. */
  readonly slowConsumerDisconnects: number;
  /** Connections registered now. */
  readonly connections: number;
  /** Channel subscriptions held now. */
  readonly subscriptions: number;
  /** Connections conflated now. */
  readonly conflatingConnections: number;
  /** Bytes queued in user space for all registered connections now (sum of `bufferedAmount`). */
  readonly sendBufferBytes: number;
  /** The largest `bufferedAmount` of one connection seen at a write or check, since start. */
  readonly maxSendBufferBytes: number;
}
