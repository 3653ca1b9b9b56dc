import { describe, expect, it } from 'vitest';

import type { Fill, OrderResult } from '../engine/index.js';
import { OrderTracker, type AcceptedOrder } from './order-tracker.js';

const order = (orderId: number, overrides: Partial<AcceptedOrder> = {}): AcceptedOrder => ({
  orderId,
  ownerId: 1,
  clientOrderId: `c${orderId}`,
  symbol: 'SYM00001',
  side: 'sell',
  type: 'limit',
  price: 100,
  quantity: 10,
  timeInForce: 'GTC',
  ...overrides,
});

const fill = (makerOrderId: number, takerOrderId: number, quantity: number, seq: number): Fill => ({
  makerOrderId,
  makerOwnerId: 1,
  takerOrderId,
  takerOwnerId: 2,
  symbol: 'SYM00001',
  price: 100,
  quantity,
  seq,
});

const result = (r: Partial<OrderResult> & Pick<OrderResult, 'orderId' | 'status'>): OrderResult => ({
  rejectCode: 'NONE',
  fills: [],
  resting: 0,
  cancelled: 0,
  ...r,
});

describe('OrderTracker', () => {
  it('follows a resting order through maker fills to filled', () => {
    const tracker = new OrderTracker(10);
    tracker.applyResult(order(1), result({ orderId: 1, status: 'resting', resting: 10 }));
    expect(tracker.get(1)).toMatchObject({ status: 'resting', filled: 0, remaining: 10 });

    const first = tracker.applyResult(
      order(2, { ownerId: 2, side: 'buy', quantity: 4 }),
      result({ orderId: 2, status: 'filled', fills: [fill(1, 2, 4, 7)] }),
    );
    expect(first!.taker).toMatchObject({ status: 'filled', filled: 4, remaining: 0 });
    expect(first!.makers).toEqual([
      expect.objectContaining({ orderId: 1, status: 'partially_filled', filled: 4, remaining: 6 }),
    ]);

    const second = tracker.applyResult(
      order(3, { ownerId: 2, side: 'buy', quantity: 8 }),
      result({ orderId: 3, status: 'partially_filled', fills: [fill(1, 3, 6, 9)], resting: 2 }),
    );
    expect(second!.makers[0]).toMatchObject({ status: 'filled', filled: 10, remaining: 0 });
    expect(second!.taker).toMatchObject({ status: 'partially_filled', filled: 6, remaining: 2 });
    expect(tracker.get(1)).toMatchObject({ status: 'filled' });
    expect(tracker.liveCount).toBe(1);
  });

  it('records cancels and IOC remainders, ignores rejects', () => {
    const tracker = new OrderTracker(10);
    tracker.applyResult(order(1), result({ orderId: 1, status: 'resting', resting: 10 }));
    expect(tracker.applyCancel(1)).toMatchObject({ status: 'cancelled', remaining: 0 });
    expect(tracker.applyCancel(1)).toBeUndefined();
    tracker.applyResult(
      order(2, { timeInForce: 'IOC' }),
      result({ orderId: 2, status: 'cancelled', cancelled: 10 }),
    );
    expect(tracker.get(2)).toMatchObject({ status: 'cancelled', filled: 0 });
    expect(
      tracker.applyResult(order(3), {
        ...result({ orderId: 0, status: 'rejected' }),
        rejectCode: 'DUPLICATE_CLIENT_ORDER_ID',
      }),
    ).toBeUndefined();
    expect(tracker.get(3)).toBeUndefined();
  });

  it('forgets the oldest finished orders beyond the history limit, never a live one', () => {
    const tracker = new OrderTracker(2);
    tracker.applyResult(order(1), result({ orderId: 1, status: 'resting', resting: 10 }));
    for (const id of [2, 3, 4])
      tracker.applyResult(order(id), result({ orderId: id, status: 'cancelled', cancelled: 10 }));
    expect(tracker.get(2)).toBeUndefined();
    expect(tracker.get(3)).toBeDefined();
    expect(tracker.get(4)).toBeDefined();
    expect(tracker.get(1)).toMatchObject({ status: 'resting' });
  });

  it('reports a snapshot, not a live reference, to the caller', () => {
    const tracker = new OrderTracker(10);
    const rested = tracker.applyResult(order(1), result({ orderId: 1, status: 'resting', resting: 10 }));
    tracker.applyResult(
      order(2, { ownerId: 2, side: 'buy', quantity: 10 }),
      result({ orderId: 2, status: 'filled', fills: [fill(1, 2, 10, 3)] }),
    );
    expect(rested!.taker).toMatchObject({ status: 'resting', filled: 0 });
  });
});
