/**
 * The state the orders workload keeps across steps and connections: the generator, the
 * trade-ratio controller, every user's live orders, and the counts of the current
 * measured window (answers counted by arrival time, as the target's own counters are).
 *
 * What an "order" is: a new order (limit or marketable), the thing the target's
 * `headroom_work_completed_total{work="orders"}` counts and the plan's orders/s means.
 * Cancels ride along at the mix's proportion (cancel ÷ (limit + marketable) per order);
 * they load the target like orders do but are reported as their own figures.
 */
import type { OrdersOptions } from '../../plan/types.js';
import { createPrng, type Prng } from '../../random/prng.js';
import type { InstrumentInfo } from '../../target/fetch-instruments.js';
import { LiveOrders } from './live-orders.js';
import { MEAN_MAKER_LOTS, OrderGenerator, type GeneratedOrder } from './order-generator.js';
import { TradeRatioController } from './trade-ratio-controller.js';

/** An order's acknowledgement, REST 201 body or WS `ack` (the fields used here). */
export interface OrderAck {
  readonly orderId?: unknown;
  readonly status?: unknown;
  readonly fills?: unknown;
}

export interface WindowCounts {
  readonly ordersAcked: number;
  readonly trades: number;
  readonly cancelsSent: number;
  readonly cancelsAcked: number;
  /** cancels the target refused, by code (ORDER_NOT_LIVE: it had just filled) */
  readonly cancelRejects: Readonly<Record<string, number>>;
  /** cancels due when the user had no live order to cancel */
  readonly cancelsSkipped: number;
}

export class OrderFlow {
  readonly generator: OrderGenerator;
  readonly controller: TradeRatioController;
  readonly live: LiveOrders;
  /** cancels sent per new order, on average */
  readonly cancelsPerOrder: number;
  private readonly prng: Prng;
  /** a separate stream: which order a cancel hits depends on the target's answers */
  private readonly cancelPrng: Prng;
  private sequence = 0;
  private measuring = false;
  private counts = emptyCounts();

  constructor(
    instruments: readonly InstrumentInfo[],
    options: OrdersOptions,
    seed: number | string,
    /** trades per order wanted */
    targetRatio: number,
    users: number,
  ) {
    this.prng = createPrng(seed, 0);
    this.cancelPrng = createPrng(seed, 1);
    this.generator = new OrderGenerator(instruments, options, createPrng(seed, 2));
    this.controller = new TradeRatioController(targetRatio);
    this.live = new LiveOrders(users);
    const newOrders = options.mix.limit + options.mix.marketable;
    this.cancelsPerOrder = newOrders > 0 ? options.mix.cancel / newOrders : 0;
  }

  /**
   * Lots of a marketable order: the controller's scale times the nominal sweep. To make k
   * trades a taker exhausts k − 1 resting orders and part of the k-th, so the nominal size
   * is (k − 1) mean resting orders, k = target ÷ marketable share.
   */
  takerLots(): number {
    const share = this.generator.marketableFraction;
    if (share === 0) return 1;
    const makers = this.controller.target / share;
    return Math.max(1, Math.round(this.controller.scale * Math.max(0.5, makers - 1) * MEAN_MAKER_LOTS));
  }

  /** The next new order, a clientOrderId unique in the run, and how many cancels go with it. */
  nextOrder(): { readonly order: GeneratedOrder; readonly clientOrderId: string; readonly cancels: number } {
    const order = this.generator.next(this.takerLots());
    const c = this.cancelsPerOrder;
    const cancels = Math.floor(c) + (this.prng.next() < c - Math.floor(c) ? 1 : 0);
    return { order, clientOrderId: `o${(this.sequence++).toString(36)}`, cancels };
  }

  /** One of `user`'s live orders to cancel (now forgotten), or undefined when it has none. */
  cancelTarget(user: number): number | undefined {
    const orderId = this.live.take(user, this.cancelPrng);
    if (this.measuring) {
      if (orderId === undefined) this.counts.cancelsSkipped++;
      else this.counts.cancelsSent++;
    }
    return orderId;
  }

  orderAcked(user: number, ack: OrderAck): void {
    const fills = Array.isArray(ack.fills) ? ack.fills.length : 0;
    this.controller.answered(fills);
    if ((ack.status === 'resting' || ack.status === 'partially_filled') && typeof ack.orderId === 'number') {
      this.live.add(user, ack.orderId);
    }
    if (this.measuring) {
      this.counts.ordersAcked++;
      this.counts.trades += fills;
    }
  }

  /** An execution of one of the users' orders: fully filled ones leave the live set. */
  executed(orderId: unknown, leaves: unknown): void {
    if (leaves === 0 && typeof orderId === 'number') this.live.remove(orderId);
  }

  /** @param code the reject code, undefined when the cancel was acknowledged */
  cancelAnswered(code: string | undefined): void {
    if (!this.measuring) return;
    if (code === undefined) this.counts.cancelsAcked++;
    else this.counts.cancelRejects[code] = (this.counts.cancelRejects[code] ?? 0) + 1;
  }

  startWindow(): void {
    this.counts = emptyCounts();
    this.measuring = true;
  }

  /** The window's counts (empty when no window was open). */
  endWindow(): WindowCounts {
    const counts = this.measuring ? this.counts : emptyCounts();
    this.measuring = false;
    return counts;
  }
}

function emptyCounts(): {
  ordersAcked: number;
  trades: number;
  cancelsSent: number;
  cancelsAcked: number;
  cancelRejects: Record<string, number>;
  cancelsSkipped: number;
} {
  return { ordersAcked: 0, trades: 0, cancelsSent: 0, cancelsAcked: 0, cancelRejects: {}, cancelsSkipped: 0 };
}
