import type { OrderType, Side, TimeInForce } from '../engine/index.js';
import type { OrderState } from './order-tracker.js';

/** A new order as a client sends it (REST body, or WebSocket `order` message). */
export interface OrderRequest {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  /** Price units; required for limit orders, ignored for market orders. */
  readonly price?: number;
  /** Units. */
  readonly quantity: number;
  /** @default 'GTC'; market orders are always IOC */
  readonly timeInForce?: TimeInForce;
}

export interface OrderAck {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly status: OrderState['status'];
  /** The taker's trades, in the order they happened. */
  readonly fills: { price: number; quantity: number; seq: number }[];
  readonly filled: number;
  /** Units resting on the book. */
  readonly remaining: number;
  /** Units dropped because the order was IOC or market. */
  readonly cancelled: number;
}

/** One fill as its owner hears about it (pushed as a WebSocket `execution`). */
export interface ExecutionReport {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly price: number;
  readonly quantity: number;
  readonly liquidity: 'maker' | 'taker';
  /** The instrument's sequence number of the trade. */
  readonly seq: number;
  /** Cumulative units filled after this fill. */
  readonly filled: number;
  /** Units of the order not (yet) filled after this fill. */
  readonly leaves: number;
}

export type ExecutionListener = (ownerId: number, report: ExecutionReport) => void;
