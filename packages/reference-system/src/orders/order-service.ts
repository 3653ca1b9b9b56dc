import { performance } from 'node:perf_hooks';

import type { BookSnapshot } from '../engine/index.js';
import { ApiError } from '../errors.js';
import type { Instrument } from '../instruments/generate-instruments.js';
import type { JournalRecord } from '../journal/journal-codec.js';
import type { OrderJournal } from '../journal/order-journal.js';
import type { OrderMatcher } from '../matching/order-matcher.js';
import { executionReports } from './execution-reports.js';
import { checkOrder, notFound, notOwner, toApiError, toNewOrder } from './order-checks.js';
import type { ExecutionListener, OrderAck, OrderRequest } from './order-messages.js';
import type { AcceptedOrder, OrderState, OrderTracker } from './order-tracker.js';

export type { ExecutionListener, ExecutionReport, OrderAck, OrderRequest } from './order-messages.js';

/**
 * Per-order stage durations, seconds: `validate` (instrument and order checks), `journal`
 * (append to durable under the fsync policy), `ack` (the whole submit, request to answer).
 */
export type StageListener = (stage: 'validate' | 'journal' | 'ack', seconds: number) => void;

const REJECT_MESSAGES: Record<string, string> = {
  DUPLICATE_CLIENT_ORDER_ID: 'you already have a live order with this clientOrderId',
  INVALID_ORDER: 'the order is not valid',
};

/**
 * Order entry, cancel and order state, shared by REST and WebSocket. The order of
 * operations is what makes acknowledgements honest:
 * 1. the order gets the next id and is appended to the journal and handed to matching in
 *    the same synchronous step, so journal order = matching order (replay rebuilds the
 *    same books);
 * 2. the acknowledgement (and the executions it caused) waits until the journal says the
 *    record is durable under the fsync policy.
 * Market data may show a book change up to one group commit before it is durable; an
 * owner is never told about an order that a crash could lose (fsync 'always').
 */
export class OrderService {
  private nextOrderId = 1;
  private journal: OrderJournal | null = null;
  private inFlight = 0;
  private closing = false;
  private drained: (() => void) | null = null;
  private readonly listeners: ExecutionListener[] = [];
  private stageListener: StageListener | null = null;

  constructor(
    private readonly matcher: OrderMatcher,
    private readonly tracker: OrderTracker,
    private readonly instruments: ReadonlyMap<string, Instrument>,
    private readonly maxPendingOrders: number,
  ) {}

  /** Applies one journal record to matching and the tracker, without re-journaling it. */
  async replay(record: JournalRecord): Promise<void> {
    if (record.kind === 'order') {
      const { kind: _kind, ...order } = record;
      const result = await this.matcher.submit(toNewOrder(order));
      this.tracker.applyResult(order, result);
      if (record.orderId >= this.nextOrderId) this.nextOrderId = record.orderId + 1;
    } else {
      const result = await this.matcher.cancel(record.orderId, record.ownerId);
      if (result.rejectCode === 'NONE') this.tracker.applyCancel(record.orderId);
    }
  }

  /** After replay: new orders are journaled here and take ids after every replayed one. */
  attachJournal(journal: OrderJournal): void {
    this.journal = journal;
  }

  onExecution(listener: ExecutionListener): void {
    this.listeners.push(listener);
  }

  /** Times the stages of every submit from now on (metrics). */
  onStage(listener: StageListener): void {
    this.stageListener = listener;
  }

  get pending(): number {
    return this.inFlight;
  }

  get lastOrderId(): number {
    return this.nextOrderId - 1;
  }

  async submit(ownerId: number, request: OrderRequest): Promise<OrderAck> {
    const stages = this.stageListener;
    const startedAt = stages === null ? 0 : performance.now();
    const journal = this.admit();
    const instrument = this.instruments.get(request.symbol);
    if (instrument === undefined) {
      throw new ApiError(422, 'UNKNOWN_INSTRUMENT', `symbol ${JSON.stringify(request.symbol)} is not listed`);
    }
    checkOrder(request, instrument);
    const checkedAt = stages === null ? 0 : performance.now();
    const order: AcceptedOrder = {
      orderId: this.nextOrderId++,
      ownerId,
      clientOrderId: request.clientOrderId,
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      price: request.type === 'limit' ? request.price! : null,
      quantity: request.quantity,
      timeInForce: request.type === 'market' ? 'IOC' : (request.timeInForce ?? 'GTC'),
    };
    // Journal and matching in one synchronous step: their orders are the same.
    let durable = journal.append({ kind: 'order', ...order });
    if (stages !== null) {
      stages('validate', (checkedAt - startedAt) / 1000);
      durable = durable.then(() => stages('journal', (performance.now() - checkedAt) / 1000));
    }
    const matched = this.matcher.submit(toNewOrder(order)).then((result) => ({
      result,
      states: this.tracker.applyResult(order, result),
    }));
    this.inFlight++;
    try {
      const [{ result, states }] = await Promise.all([matched, durable]);
      if (states === undefined) {
        throw new ApiError(422, result.rejectCode, REJECT_MESSAGES[result.rejectCode] ?? result.rejectCode);
      }
      const { taker, makers } = states;
      if (this.listeners.length > 0) {
        for (const { ownerId, report } of executionReports(order, result.fills, makers)) {
          for (const listener of this.listeners) listener(ownerId, report);
        }
      }
      if (stages !== null) stages('ack', (performance.now() - startedAt) / 1000);
      return {
        orderId: order.orderId,
        clientOrderId: order.clientOrderId,
        status: taker.status,
        fills: result.fills.map((f) => ({ price: f.price, quantity: f.quantity, seq: f.seq })),
        filled: taker.filled,
        remaining: result.resting,
        cancelled: result.cancelled,
      };
    } catch (error) {
      throw toApiError(error);
    } finally {
      this.settle();
    }
  }

  async cancel(
    ownerId: number,
    orderId: number,
  ): Promise<{ orderId: number; status: 'cancelled'; cancelled: number }> {
    const journal = this.admit();
    const known = this.tracker.get(orderId) ?? (await this.matcher.getOrder(orderId));
    if (known === undefined) throw notFound(orderId);
    if (known.ownerId !== ownerId) throw notOwner(orderId);
    if ('status' in known && known.status !== 'resting' && known.status !== 'partially_filled') {
      throw new ApiError(409, 'ORDER_NOT_LIVE', `order ${orderId} is already ${known.status}`);
    }
    const durable = journal.append({ kind: 'cancel', orderId, ownerId });
    const cancelled = this.matcher.cancel(orderId, ownerId).then((result) => {
      if (result.rejectCode === 'NONE') this.tracker.applyCancel(orderId);
      return result;
    });
    this.inFlight++;
    try {
      const [result] = await Promise.all([cancelled, durable]);
      if (result.rejectCode === 'NOT_OWNER') throw notOwner(orderId);
      if (result.rejectCode !== 'NONE') {
        throw new ApiError(409, 'ORDER_NOT_LIVE', `order ${orderId} is no longer on the book`);
      }
      return { orderId, status: 'cancelled', cancelled: result.cancelled };
    } catch (error) {
      throw toApiError(error);
    } finally {
      this.settle();
    }
  }

  async getOrder(ownerId: number, orderId: number): Promise<OrderState> {
    const state = this.tracker.get(orderId);
    if (state !== undefined) {
      if (state.ownerId !== ownerId) throw notOwner(orderId);
      return state;
    }
    const live = await this.matcher.getOrder(orderId);
    if (live === undefined) throw notFound(orderId);
    if (live.ownerId !== ownerId) throw notOwner(orderId);
    const filled = live.quantity - live.remaining;
    return {
      ...live,
      type: 'limit',
      filled,
      status: filled === 0 ? 'resting' : 'partially_filled',
      timeInForce: 'GTC',
    };
  }

  async book(symbol: string, depth: number): Promise<BookSnapshot> {
    const snapshot = await this.matcher.book(symbol, depth);
    if (snapshot === undefined)
      throw new ApiError(404, 'UNKNOWN_INSTRUMENT', `symbol ${JSON.stringify(symbol)} is not listed`);
    return snapshot;
  }

  /** Refuses new orders from now on and resolves when the ones in flight are acknowledged. */
  async drain(): Promise<void> {
    this.closing = true;
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => (this.drained = resolve));
  }

  private admit(): OrderJournal {
    const journal = this.journal;
    if (this.closing || journal === null) {
      throw new ApiError(
        503,
        'SHUTTING_DOWN',
        'the service is not taking orders (starting or shutting down)',
        1,
      );
    }
    if (journal.failed) throw new ApiError(503, 'JOURNAL_UNAVAILABLE', 'the order journal cannot be written');
    if (journal.pending >= this.maxPendingOrders) {
      throw new ApiError(
        429,
        'OVERLOADED',
        `${journal.pending} orders are waiting for the journal; retry later`,
        1,
      );
    }
    return journal;
  }

  private settle(): void {
    this.inFlight--;
    if (this.inFlight === 0 && this.drained !== null) {
      this.drained();
      this.drained = null;
    }
  }
}
