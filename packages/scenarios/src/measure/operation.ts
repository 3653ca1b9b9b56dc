/**
 * The unit of work a load loop hands to a transport, and the contract between them.
 * Times are performance.now() milliseconds.
 */
export interface Operation {
  /** 0, 1, 2, … in schedule order (warm-up included) */
  readonly seq: number;
  /** ms: when it was due (open model) or when a worker asked for it (closed model) */
  readonly scheduledAt: number;
  /** ms: when it was handed to a socket; set by the transport in `trySend` */
  sentAt: number;
  /** false during warm-up: sent and answered like any other, but not recorded */
  readonly measured: boolean;
}

/**
 * A set of connections able to carry operations (autocannon's clients, a pool of ws
 * sockets). Outcomes are reported to the run's ledger (`succeeded`/`failed`), which wakes
 * the load loop so it can use the freed capacity at once.
 */
export interface Transport {
  /**
   * Sends `op` on a connection that can take it now, setting `op.sentAt`, and returns the
   * time (ms) that connection became able to take it; returns -1 and sends nothing when
   * no connection can (all busy or backed up). Never throws for target behaviour.
   */
  trySend(op: Operation): number;
}

/** Returned by `Transport.trySend` when every connection is busy. */
export const NO_CONNECTION = -1;
