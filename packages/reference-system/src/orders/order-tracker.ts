import type { Fill, OrderResult, OrderType, Side, TimeInForce } from '../engine/index.js';

export type TrackedStatus = 'resting' | 'partially_filled' | 'filled' | 'cancelled';

/** An order as the service accepted it, with the id the service gave it. */
export interface AcceptedOrder {
  readonly orderId: number;
  readonly ownerId: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  /** Price units; null for market orders. */
  readonly price: number | null;
  /** Units ordered. */
  readonly quantity: number;
  readonly timeInForce: TimeInForce;
}

/** An order as its owner sees it (GET /v1/orders/:id). */
export interface OrderState extends AcceptedOrder {
  /** Units traded so far. */
  readonly filled: number;
  /** Units resting on the book now (0 once filled or cancelled). */
  readonly remaining: number;
  readonly status: TrackedStatus;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Every order's state, as matching results report it: the engine only knows live orders,
 * but an owner may ask about an order that filled a second ago. Live orders are always
 * kept; finished ones (filled, cancelled) are kept up to `historyLimit`, oldest forgotten
 * first, which bounds memory under a long run. Fed in matching order, from live results and
 * from journal replay alike, so it is rebuilt exactly on restart.
 */
export class OrderTracker {
  private readonly live = new Map<number, Mutable<OrderState>>();
  /** Map iteration order is insertion order: the first key is the oldest finished order. */
  private readonly finished = new Map<number, Mutable<OrderState>>();

  constructor(private readonly historyLimit: number) {}

  get liveCount(): number {
    return this.live.size;
  }

  get(orderId: number): OrderState | undefined {
    return this.live.get(orderId) ?? this.finished.get(orderId);
  }

  /**
   * Records a taker's result and the fills it made against resting orders; returns the
   * taker's state and the makers' states after their fills (same order as result.fills).
   */
  applyResult(
    order: AcceptedOrder,
    result: OrderResult,
  ): { taker: OrderState; makers: OrderState[] } | undefined {
    if (result.rejectCode !== 'NONE') return undefined;
    const makers: OrderState[] = [];
    let filled = 0;
    for (const fill of result.fills) {
      filled += fill.quantity;
      const maker = this.applyMakerFill(fill);
      if (maker !== undefined) makers.push(maker);
    }
    const status = result.status === 'rejected' ? 'cancelled' : result.status;
    const state: Mutable<OrderState> = { ...order, filled, remaining: result.resting, status };
    if (status === 'resting' || status === 'partially_filled') this.live.set(order.orderId, state);
    else this.finish(state);
    return { taker: { ...state }, makers };
  }

  /** Records a successful cancel of a live order. */
  applyCancel(orderId: number): OrderState | undefined {
    const state = this.live.get(orderId);
    if (state === undefined) return undefined;
    state.status = 'cancelled';
    state.remaining = 0;
    this.live.delete(orderId);
    this.finish(state);
    return state;
  }

  private applyMakerFill(fill: Fill): OrderState | undefined {
    const maker = this.live.get(fill.makerOrderId);
    if (maker === undefined) return undefined;
    maker.filled += fill.quantity;
    maker.remaining -= fill.quantity;
    if (maker.remaining <= 0) {
      maker.remaining = 0;
      maker.status = 'filled';
      this.live.delete(maker.orderId);
      this.finish(maker);
    } else {
      maker.status = 'partially_filled';
    }
    // A copy: the caller reports the state after this fill, and later fills mutate the original.
    return { ...maker };
  }

  private finish(state: Mutable<OrderState>): void {
    if (this.historyLimit === 0) return;
    this.finished.set(state.orderId, state);
    if (this.finished.size > this.historyLimit) {
      const oldest = this.finished.keys().next().value as number;
      this.finished.delete(oldest);
    }
  }
}
