import type { NewOrder } from '../engine/index.js';
import { ApiError } from '../errors.js';
import type { Instrument } from '../instruments/generate-instruments.js';
import type { OrderRequest } from './order-messages.js';
import type { AcceptedOrder } from './order-tracker.js';

/** The engine's view of an accepted order (market orders carry no price). */
export function toNewOrder(order: AcceptedOrder): NewOrder & { orderId: number } {
  return {
    orderId: order.orderId,
    ownerId: order.ownerId,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    ...(order.price === null ? {} : { price: order.price }),
    quantity: order.quantity,
    timeInForce: order.timeInForce,
  };
}

/** The checks the engine would make, made first so no bad order reaches the journal. */
export function checkOrder(request: OrderRequest, instrument: Instrument): void {
  if (request.type === 'limit') {
    const price = request.price;
    if (price === undefined) throw new ApiError(422, 'PRICE_NOT_ON_TICK', 'a limit order needs a price');
    if (price % instrument.tickSize !== 0) {
      throw new ApiError(
        422,
        'PRICE_NOT_ON_TICK',
        `price ${price} is not a multiple of ${instrument.symbol}'s tick size ${instrument.tickSize}`,
      );
    }
  }
  if (request.quantity % instrument.lotSize !== 0) {
    throw new ApiError(
      422,
      'QUANTITY_NOT_LOT_MULTIPLE',
      `quantity ${request.quantity} is not a multiple of ${instrument.symbol}'s lot size ${instrument.lotSize}`,
    );
  }
}

export function notFound(orderId: number): ApiError {
  return new ApiError(
    404,
    'ORDER_NOT_FOUND',
    `order ${orderId} does not exist (or is too old to be remembered)`,
  );
}

export function notOwner(orderId: number): ApiError {
  return new ApiError(403, 'NOT_OWNER', `order ${orderId} belongs to another account`);
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'JOURNAL_WRITE_FAILED' || code === 'JOURNAL_CLOSED') {
    return new ApiError(
      503,
      'JOURNAL_UNAVAILABLE',
      'the order journal cannot be written; the order is not acknowledged',
    );
  }
  return new ApiError(500, 'INTERNAL', 'internal error');
}
