/**
 * The matching engine's public contract. Everything here is integers: prices are in
 * price units (an instrument's tick size is a whole number of them) and quantities in
 * units (the lot size is a whole number of them). No floats ever reach the book.
 *
 * The engine is pure: no I/O, no clock, no randomness. Given the same instruments and
 * the same sequence of calls it produces the same results, ids, sequence numbers and
 * events, which is what lets the journal replay it and the shards agree with the monolith.
 */

export type Side = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';
/** GTC rests any remainder; IOC cancels it. A market order always behaves as IOC. */
export type TimeInForce = 'GTC' | 'IOC';

export interface InstrumentSpec {
  readonly symbol: string;
  /** Price units per tick; every price must be a positive multiple of it. */
  readonly tickSize: number;
  /** Units per lot; every quantity must be a positive multiple of it. */
  readonly lotSize: number;
}

export interface NewOrder {
  /**
   * Set by the caller when several engines share one id space (shards, journal replay);
   * must be greater than every id the engine has seen. Otherwise the engine numbers
   * orders 1, 2, 3, … in submission order.
   */
  readonly orderId?: number;
  /** Who owns the order (an account id); the engine never interprets it. */
  readonly ownerId: number;
  /** The client's own id, unique per owner among that owner's live orders. */
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  /** Required for limit orders, ignored for market orders (price units). */
  readonly price?: number;
  /** Units. */
  readonly quantity: number;
  /** @default 'GTC' for limit orders; market orders are always IOC */
  readonly timeInForce?: TimeInForce;
}

/** Stable reject codes; each is documented once, here. */
export const RejectCode = {
  /** The order was accepted (no reject). */
  NONE: 'NONE',
  /** The symbol is not a listed instrument. */
  UNKNOWN_INSTRUMENT: 'UNKNOWN_INSTRUMENT',
  /** Price missing, not a safe positive integer, or not a multiple of the tick size. */
  PRICE_NOT_ON_TICK: 'PRICE_NOT_ON_TICK',
  /** Quantity not a safe positive integer multiple of the lot size. */
  QUANTITY_NOT_LOT_MULTIPLE: 'QUANTITY_NOT_LOT_MULTIPLE',
  /**
   * Side, type or time in force is not one of the allowed values, the owner id is not a
   * safe integer, the client order id is not a string, or a caller-supplied order id is
   * not a safe integer greater than every id the engine has seen.
   */
  INVALID_ORDER: 'INVALID_ORDER',
  /** The owner already has a live order with this client order id. */
  DUPLICATE_CLIENT_ORDER_ID: 'DUPLICATE_CLIENT_ORDER_ID',
  /** Cancel or lookup of an order id that is not live in the book. */
  UNKNOWN_ORDER: 'UNKNOWN_ORDER',
  /** Cancel of an order that belongs to another owner. */
  NOT_OWNER: 'NOT_OWNER',
} as const;
export type RejectCode = (typeof RejectCode)[keyof typeof RejectCode];

export interface Fill {
  readonly makerOrderId: number;
  readonly makerOwnerId: number;
  readonly takerOrderId: number;
  readonly takerOwnerId: number;
  readonly symbol: string;
  /** The maker's (resting) price, price units. */
  readonly price: number;
  /** Units. */
  readonly quantity: number;
  /** The instrument's sequence number of this trade event. */
  readonly seq: number;
}

/**
 * The order's state after `submit`: 'resting' (live, no fill yet), 'partially_filled'
 * (live, some fills), 'filled' (done), 'cancelled' (an IOC or market remainder was
 * dropped; `fills` may still hold trades), 'rejected' (see `rejectCode`).
 */
export type OrderStatus = 'rejected' | 'resting' | 'partially_filled' | 'filled' | 'cancelled';

export interface OrderResult {
  readonly rejectCode: RejectCode;
  /** 0 when rejected; otherwise a positive id assigned in submission order. */
  readonly orderId: number;
  readonly status: OrderStatus;
  readonly fills: readonly Fill[];
  /** Quantity left resting on the book (0 unless a GTC limit order rested). */
  readonly resting: number;
  /** Quantity cancelled because the order was market or IOC (units). */
  readonly cancelled: number;
}

export interface CancelResult {
  readonly rejectCode: RejectCode;
  readonly orderId: number;
  /** Units that were resting and are now cancelled (0 when rejected). */
  readonly cancelled: number;
}

export interface LiveOrder {
  readonly orderId: number;
  readonly ownerId: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly price: number;
  /** Original quantity, units. */
  readonly quantity: number;
  /** Still resting, units. */
  readonly remaining: number;
}

export interface BookLevel {
  readonly price: number;
  /** Total resting units at this price. */
  readonly quantity: number;
  readonly orders: number;
}

export interface BookSnapshot {
  readonly symbol: string;
  /** The instrument's sequence number at the time of the snapshot. */
  readonly seq: number;
  /** Best (highest) first. */
  readonly bids: readonly BookLevel[];
  /** Best (lowest) first. */
  readonly asks: readonly BookLevel[];
}

/**
 * What the engine tells the outside world, in the order things happen. Market data
 * publishes book and trade events; the journal and the gateway use accepted, fill and
 * cancelled. Each instrument has one sequence: every book-level change and every trade
 * takes the next number, so a subscriber that sees seq n then n+2 knows it missed one.
 * Callbacks are invoked synchronously inside submit/cancel and must not call back into
 * the engine.
 */
export interface EngineEvents {
  onAccepted?(order: LiveOrder): void;
  onFill?(fill: Fill): void;
  /** An order left the book or its remainder was dropped: cancel, IOC or market remainder. */
  onCancelled?(orderId: number, ownerId: number, symbol: string, cancelledQuantity: number): void;
  /** The total at one price level changed; quantity 0 means the level is gone. */
  onBookChange?(symbol: string, side: Side, price: number, quantity: number, seq: number): void;
}
