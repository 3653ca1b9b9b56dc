import { describe, expect, it } from 'vitest';
import { TradeRatioController } from './trade-ratio-controller.js';

/** A book where a marketable order of scale s makes round(4·s) trades and 1 in 7 orders is marketable. */
function simulate(controller: TradeRatioController, orders: number): number {
  let trades = 0;
  for (let i = 0; i < orders; i++) {
    const fills = i % 7 === 0 ? Math.round(4 * controller.scale) : 0;
    trades += fills;
    controller.answered(fills);
  }
  return trades / orders;
}

describe('TradeRatioController', () => {
  it('moves the taker size until trades per order reaches the target', () => {
    const controller = new TradeRatioController(0.5);
    simulate(controller, 5000);
    // 0.5 trades per order with 1/7 marketable needs 3.5 trades each: scale ≈ 0.875.
    expect(simulate(controller, 7000)).toBeCloseTo(0.5, 1);
  });

  it('stays within its bounds when the target cannot be reached', () => {
    const controller = new TradeRatioController(0.5);
    for (let i = 0; i < 10_000; i++) controller.answered(0);
    expect(controller.scale).toBe(50);
  });
});
