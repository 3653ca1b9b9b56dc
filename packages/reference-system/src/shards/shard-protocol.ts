/**
 * The messages between the gateway and a shard worker. One message carries a batch: every
 * call queued for that shard during one turn of the gateway's event loop, and the worker
 * answers each batch with one message. Calls and answers are flat arrays of primitives (no
 * per-order objects), which structured clone copies far faster than objects with keys.
 * Answers come back in call order, so no request ids are needed.
 *
 * Calls, each a tag followed by a fixed number of fields:
 *   SUBMIT orderId ownerId clientOrderId symbol side type price quantity timeInForce
 *   CANCEL orderId ownerId
 *   GET_ORDER orderId
 *   BOOK symbol depth          (answer: one element, the BookSnapshot or null)
 *   PUBLISH                    (no answer: from now on, send engine events)
 * Answers:
 *   SUBMIT    rejectCode orderId status resting cancelled fillCount
 *             then per fill: makerOrderId makerOwnerId price quantity seq
 *   CANCEL    rejectCode orderId cancelled
 *   GET_ORDER found(0|1) [orderId ownerId clientOrderId symbol side price quantity remaining]
 * Events (only after PUBLISH), in the order the engine emitted them:
 *   ACCEPTED  orderId ownerId clientOrderId symbol side price quantity remaining
 *   FILL      makerOrderId makerOwnerId takerOrderId takerOwnerId symbol price quantity seq
 *   CANCELLED orderId ownerId symbol quantity
 *   BOOK      symbol side price quantity seq
 */

export const Call = { SUBMIT: 0, CANCEL: 1, GET_ORDER: 2, BOOK: 3, PUBLISH: 4 } as const;
export type Call = (typeof Call)[keyof typeof Call];

export const Event = { ACCEPTED: 0, FILL: 1, CANCELLED: 2, BOOK: 3 } as const;

/** Gateway → worker. */
export interface BatchRequest {
  readonly calls: unknown[];
}

/** Worker → gateway. */
export interface BatchReply {
  readonly answers: unknown[];
  readonly events: unknown[];
  /** Ids of resting orders that left the book by being filled during this batch. */
  readonly closed: number[];
}

/** Worker → gateway, once, from inside the worker's event loop after the engine is built. */
export interface ReadyMessage {
  readonly ready: true;
}

/** What a worker is started with (`workerData`). */
export interface ShardWorkerData {
  readonly shard: number;
  readonly instruments: readonly {
    readonly symbol: string;
    readonly tickSize: number;
    readonly lotSize: number;
  }[];
}
