import type { OrderBook } from './order-book.js';
import { RejectCode, type NewOrder } from './types.js';

/**
 * The first problem with an order against its instrument, or NONE. Checked in this
 * order: side, type, time in force, owner, client order id and caller-supplied order id
 * (INVALID_ORDER), then price (limit orders only), then quantity. The duplicate client
 * order id check needs the engine's state and happens there, last.
 *
 * Everything is checked with typeof/isSafeInteger rather than trusted, because the
 * engine's promise is that no order, however malformed, makes it throw.
 */
export function validateOrder(order: NewOrder, book: OrderBook, lastOrderId: number): RejectCode {
  const side = order.side;
  if (side !== 'buy' && side !== 'sell') return RejectCode.INVALID_ORDER;
  const type = order.type;
  if (type !== 'limit' && type !== 'market') return RejectCode.INVALID_ORDER;
  const tif = order.timeInForce;
  if (tif !== undefined && tif !== 'GTC' && tif !== 'IOC') return RejectCode.INVALID_ORDER;
  if (!Number.isSafeInteger(order.ownerId)) return RejectCode.INVALID_ORDER;
  if (typeof order.clientOrderId !== 'string') return RejectCode.INVALID_ORDER;
  const orderId = order.orderId;
  if (orderId !== undefined && !(Number.isSafeInteger(orderId) && orderId > lastOrderId)) {
    return RejectCode.INVALID_ORDER;
  }
  if (type === 'limit') {
    const price = order.price;
    if (!(Number.isSafeInteger(price) && (price as number) > 0 && (price as number) % book.tickSize === 0)) {
      return RejectCode.PRICE_NOT_ON_TICK;
    }
  }
  const quantity = order.quantity;
  if (!(Number.isSafeInteger(quantity) && quantity > 0 && quantity % book.lotSize === 0)) {
    return RejectCode.QUANTITY_NOT_LOT_MULTIPLE;
  }
  return RejectCode.NONE;
}
