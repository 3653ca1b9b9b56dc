/**
 * Keeps trades per order at the plan's ratio (1,000 trades/s ÷ 2,000 orders/s = 0.5 at
 * the default) by sizing the marketable orders: a marketable order of k makers' worth of
 * quantity sweeps about k resting orders, and every maker it touches is one trade.
 *
 * Why feedback and not a formula: the mix alone cannot fix the ratio. Resting orders are
 * also removed by cancels, limit orders priced around a moving mid sometimes cross, and
 * the book's depth changes with load. So the controller watches the ratio in the
 * answers (every order's acknowledgement lists its fills) and scales the taker size
 * multiplicatively, in bounded steps, towards the target.
 */

/** answers between adjustments */
const ADJUST_EVERY = 100;
/** largest change of the scale per adjustment (×1.4 or ÷1.4) */
const MAX_STEP = 1.4;
const MIN_SCALE = 0.02;
const MAX_SCALE = 50;

export class TradeRatioController {
  /** multiplies the nominal taker size */
  scale = 1;
  private orders = 0;
  private trades = 0;

  /** @param target trades per order wanted, ≥ 0 */
  constructor(readonly target: number) {}

  /** One order was answered with `fills` trades (its own, as the taker). */
  answered(fills: number): void {
    this.orders++;
    this.trades += fills;
    if (this.orders < ADJUST_EVERY) return;
    const ratio = this.trades / this.orders;
    // A window with no trade at all would divide by zero: treat it as a quarter of the target.
    const wanted = this.target / Math.max(ratio, this.target / 4, 1e-6);
    const step = Math.min(MAX_STEP, Math.max(1 / MAX_STEP, Math.sqrt(wanted)));
    this.scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.scale * step));
    this.orders = this.trades = 0;
  }
}
