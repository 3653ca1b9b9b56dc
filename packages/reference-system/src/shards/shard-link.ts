import type { Worker } from 'node:worker_threads';
import type {
  CancelResult,
  EngineEvents,
  Fill,
  LiveOrder,
  OrderResult,
  OrderStatus,
  RejectCode,
  Side,
} from '../engine/index.js';
import { HeadroomError } from '../errors.js';
import type { NumberedOrder } from '../matching/order-matcher.js';
import { Call, Event, type BatchReply, type BatchRequest } from './shard-protocol.js';

/** A call waiting for its answer. */
export interface PendingCall {
  readonly kind: Call;
  /** SUBMIT: the order (its taker fields complete the fills). */
  readonly order?: NumberedOrder;
  /** SUBMIT: this call entered the order's route, so it removes it if the order is not live. */
  readonly ownsRoute?: boolean;
  /** CANCEL: the order cancelled. */
  readonly orderId?: number;
}

interface Waiting {
  readonly call: PendingCall;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * The gateway's end of one shard worker: queues encoded calls until the next flush, matches
 * answers to waiting calls in order, forwards the engine's events and keeps the order routes
 * (order id → shard) current.
 */
export class ShardLink {
  readonly ready: Promise<void>;
  /** Calls encoded since the last flush. */
  calls: unknown[] = [];
  failure: Error | undefined;
  private waiting: Waiting[] = [];
  private head = 0;
  private drainWaiters: (() => void)[] = [];
  private terminating = false;

  constructor(
    readonly shard: number,
    readonly worker: Worker,
    private readonly events: EngineEvents,
    private readonly routes: Map<number, number>,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      const fail = (error: Error): void => {
        this.fail(error);
        reject(error);
      };
      worker.once('message', () => resolve());
      worker.on('error', fail);
      worker.on('messageerror', fail);
      worker.on('exit', (code) => {
        if (!this.terminating) fail(new Error(`worker exited with code ${code}`));
      });
    });
    void this.ready.then(
      () => worker.on('message', (reply: BatchReply) => this.receive(reply)),
      () => undefined,
    );
  }

  expect(call: PendingCall): Promise<unknown> {
    return new Promise((resolve, reject) => this.waiting.push({ call, resolve, reject }));
  }

  /** Posts the queued calls as one batch. */
  send(): void {
    if (this.calls.length === 0 || this.failure !== undefined) return;
    const request: BatchRequest = { calls: this.calls };
    this.calls = [];
    this.worker.postMessage(request);
  }

  /** Resolves when no call is waiting for an answer. */
  drained(): Promise<void> {
    if (this.head === this.waiting.length) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  async terminate(): Promise<void> {
    this.terminating = true;
    await this.worker.terminate();
  }

  private receive(reply: BatchReply): void {
    this.dispatchEvents(reply.events);
    const settled: [Waiting, unknown][] = [];
    const answers = reply.answers;
    let i = 0;
    while (i < answers.length) {
      const waiting = this.waiting[this.head++];
      const call = waiting.call;
      let value: unknown;
      switch (call.kind) {
        case Call.SUBMIT: {
          const order = call.order!;
          const fillCount = answers[i + 5] as number;
          const fills: Fill[] = [];
          for (let f = 0, at = i + 6; f < fillCount; f++, at += 5) {
            fills.push({
              makerOrderId: answers[at] as number,
              makerOwnerId: answers[at + 1] as number,
              takerOrderId: answers[i + 1] as number,
              takerOwnerId: order.ownerId,
              symbol: order.symbol,
              price: answers[at + 2] as number,
              quantity: answers[at + 3] as number,
              seq: answers[at + 4] as number,
            });
          }
          const result: OrderResult = {
            rejectCode: answers[i] as RejectCode,
            orderId: answers[i + 1] as number,
            status: answers[i + 2] as OrderStatus,
            fills,
            resting: answers[i + 3] as number,
            cancelled: answers[i + 4] as number,
          };
          i += 6 + 5 * fillCount;
          const live = result.status === 'resting' || result.status === 'partially_filled';
          if (call.ownsRoute === true && !live) this.routes.delete(order.orderId);
          value = result;
          break;
        }
        case Call.CANCEL: {
          const result: CancelResult = {
            rejectCode: answers[i] as RejectCode,
            orderId: answers[i + 1] as number,
            cancelled: answers[i + 2] as number,
          };
          i += 3;
          if (result.rejectCode === 'NONE') this.routes.delete(result.orderId);
          value = result;
          break;
        }
        case Call.GET_ORDER: {
          if (answers[i] === 0) {
            i += 1;
            value = undefined;
            break;
          }
          const order: LiveOrder = {
            orderId: answers[i + 1] as number,
            ownerId: answers[i + 2] as number,
            clientOrderId: answers[i + 3] as string,
            symbol: answers[i + 4] as string,
            side: answers[i + 5] as Side,
            price: answers[i + 6] as number,
            quantity: answers[i + 7] as number,
            remaining: answers[i + 8] as number,
          };
          i += 9;
          value = order;
          break;
        }
        case Call.BOOK:
          value = answers[i] ?? undefined;
          i += 1;
          break;
        case Call.PUBLISH:
          throw new Error('PUBLISH has no answer');
      }
      settled.push([waiting, value]);
    }
    // Makers filled in this batch are not live anywhere any more.
    for (const id of reply.closed) if (this.routes.get(id) === this.shard) this.routes.delete(id);
    this.compact();
    for (const [waiting, value] of settled) waiting.resolve(value);
  }

  private dispatchEvents(events: readonly unknown[]): void {
    const sink = this.events;
    let i = 0;
    while (i < events.length) {
      const tag = events[i] as number;
      if (tag === Event.BOOK) {
        sink.onBookChange?.(
          events[i + 1] as string,
          events[i + 2] as Side,
          events[i + 3] as number,
          events[i + 4] as number,
          events[i + 5] as number,
        );
        i += 6;
      } else if (tag === Event.FILL) {
        sink.onFill?.({
          makerOrderId: events[i + 1] as number,
          makerOwnerId: events[i + 2] as number,
          takerOrderId: events[i + 3] as number,
          takerOwnerId: events[i + 4] as number,
          symbol: events[i + 5] as string,
          price: events[i + 6] as number,
          quantity: events[i + 7] as number,
          seq: events[i + 8] as number,
        });
        i += 9;
      } else if (tag === Event.ACCEPTED) {
        sink.onAccepted?.({
          orderId: events[i + 1] as number,
          ownerId: events[i + 2] as number,
          clientOrderId: events[i + 3] as string,
          symbol: events[i + 4] as string,
          side: events[i + 5] as Side,
          price: events[i + 6] as number,
          quantity: events[i + 7] as number,
          remaining: events[i + 8] as number,
        });
        i += 9;
      } else {
        sink.onCancelled?.(
          events[i + 1] as number,
          events[i + 2] as number,
          events[i + 3] as string,
          events[i + 4] as number,
        );
        i += 5;
      }
    }
  }

  /** Drops answered entries from the front; wakes drain waiters when nothing is outstanding. */
  private compact(): void {
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const wake of waiters) wake();
    } else if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    const failure = new HeadroomError(
      'SHARD_FAILED',
      'internal',
      `shard ${this.shard} failed: ${error.message}`,
      {
        cause: error,
      },
    );
    const waiting = this.waiting.slice(this.head);
    this.waiting = [];
    this.head = 0;
    for (const w of waiting) w.reject(failure);
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }
}
