/**
 * The orders workload's own figures for a step: trades and trades per order against the
 * plan's ratio, journal bytes per order (when the target reports its journal), and what
 * happened to the cancels — with sentences for what a number alone would not explain.
 */
import type { OrderFlow, WindowCounts } from './order-flow.js';

interface JournalCounters {
  readonly bytes: number;
  readonly records: number;
}

/** |measured − target| beyond this share of the target is worth a sentence */
const RATIO_TOLERANCE = 0.2;
/** answers needed before a ratio is worth judging */
const MIN_ORDERS_FOR_RATIO = 200;

export function ordersMeasures(
  flow: OrderFlow,
  counts: WindowCounts,
  journalStart: JournalCounters | null,
  journalEnd: JournalCounters | null,
  transport: 'ws' | 'rest',
): { measures: Record<string, number>; notes: string[] } {
  const target = flow.controller.target;
  const cancelRejects = Object.values(counts.cancelRejects).reduce((sum, n) => sum + n, 0);
  const measures: Record<string, number> = {
    ordersAcked: counts.ordersAcked,
    trades: counts.trades,
    targetTradesPerOrder: target,
    takerLots: flow.takerLots(),
    cancels: counts.cancelsSent,
    cancelsAcked: counts.cancelsAcked,
    cancelsRejected: cancelRejects,
    cancelsSkipped: counts.cancelsSkipped,
    liveOrdersTracked: flow.live.count(),
  };
  const notes: string[] = [
    `Orders are new limit orders (GTC, 1–N ticks from a mean-reverting random-walk mid) and marketable orders (IOC, through the book, sized by a controller to reach ${round(target)} trades per order); ` +
      `${round(flow.cancelsPerOrder)} cancels of the user's own resting orders go with each order on average and are counted apart from orders.`,
  ];
  if (counts.ordersAcked > 0) {
    const ratio = counts.trades / counts.ordersAcked;
    measures['tradesPerOrder'] = ratio;
    if (counts.ordersAcked >= MIN_ORDERS_FOR_RATIO && Math.abs(ratio - target) > RATIO_TOLERANCE * target) {
      notes.push(
        `Trades per order was ${round(ratio)} against the plan's ${round(target)}: the calibration could not reach it in this step (marketable orders were ${measures['takerLots']} lots).`,
      );
    }
  }
  if (
    journalStart !== null &&
    journalEnd !== null &&
    counts.ordersAcked > 0 &&
    journalEnd.bytes >= journalStart.bytes
  ) {
    // Per order, cancels' records included: the journal grows by this much per order of flow.
    measures['bytesPerOrder'] = (journalEnd.bytes - journalStart.bytes) / counts.ordersAcked;
    measures['journalRecords'] = journalEnd.records - journalStart.records;
  }
  if (cancelRejects > 0) {
    const codes = Object.entries(counts.cancelRejects).map(([c, n]) => `${c} ×${n}`);
    const why =
      transport === 'rest'
        ? 'REST has no push channel, so an order that filled after resting is only found out by its cancel'
        : 'an order can fill while its cancel is on the way';
    notes.push(`Cancels refused: ${codes.join(', ')} (${why}).`);
  }
  if (counts.cancelsSkipped > 0) {
    notes.push(`${counts.cancelsSkipped} cancels were not sent: their user had no resting order left.`);
  }
  return { measures, notes };
}

function round(x: number): string {
  return String(Number(x.toPrecision(3)));
}
