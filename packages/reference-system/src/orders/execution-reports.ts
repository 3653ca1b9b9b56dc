import type { Fill } from '../engine/index.js';
import type { ExecutionReport } from './order-messages.js';
import type { AcceptedOrder, OrderState } from './order-tracker.js';

/**
 * The execution reports one taker order produced: per fill, one for the taker and one for
 * the maker it traded with, in the order the fills happened. `makers` are the makers'
 * states after this order (each maker trades at most once per taker, so that is also its
 * state after its fill). A maker the tracker no longer knows gets no report.
 */
export function executionReports(
  taker: AcceptedOrder,
  fills: readonly Fill[],
  makers: readonly OrderState[],
): { ownerId: number; report: ExecutionReport }[] {
  if (fills.length === 0) return [];
  const makerStates = new Map(makers.map((m) => [m.orderId, m]));
  const reports: { ownerId: number; report: ExecutionReport }[] = [];
  let filled = 0;
  for (const fill of fills) {
    filled += fill.quantity;
    const common = { symbol: taker.symbol, price: fill.price, quantity: fill.quantity, seq: fill.seq };
    reports.push({
      ownerId: taker.ownerId,
      report: {
        ...common,
        orderId: taker.orderId,
        clientOrderId: taker.clientOrderId,
        side: taker.side,
        liquidity: 'taker',
        filled,
        leaves: taker.quantity - filled,
      },
    });
    const maker = makerStates.get(fill.makerOrderId);
    if (maker === undefined) continue;
    reports.push({
      ownerId: fill.makerOwnerId,
      report: {
        ...common,
        orderId: maker.orderId,
        clientOrderId: maker.clientOrderId,
        side: maker.side,
        liquidity: 'maker',
        filled: maker.filled,
        leaves: maker.quantity - maker.filled,
      },
    });
  }
  return reports;
}
