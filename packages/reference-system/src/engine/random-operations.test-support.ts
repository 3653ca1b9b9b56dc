/**
 * Seeded random operations for the differential test: a few instruments with different
 * ticks and lots, several owners, prices clustered around a wandering mid so that orders
 * cross often and walk several levels, and a sprinkling of every kind of bad input.
 * The stream adapts to what happened (cancels aim at ids the engine handed out and at
 * orders still live), so it is generated step by step from the results it is fed back.
 */
import { mulberry32 } from '../prng.js';
import type { InstrumentSpec, NewOrder, Side } from './types.js';

export const INSTRUMENTS: readonly InstrumentSpec[] = [
  { symbol: 'AAA', tickSize: 1, lotSize: 1 },
  { symbol: 'BBB', tickSize: 5, lotSize: 10 },
  { symbol: 'CCC', tickSize: 25, lotSize: 100 },
];

export type Operation =
  { kind: 'submit'; order: NewOrder } | { kind: 'cancel'; orderId: number; ownerId: number };

const OWNERS = 6;

export class RandomOperations {
  private readonly random: () => number;
  /** Mid price per instrument, in ticks. */
  private readonly mids = INSTRUMENTS.map(() => 1000);
  /** Ids the engine accepted, most recent last, with their owners (live or not). */
  private readonly ids: number[] = [];
  /** Ids that rested and have not been picked for a cancel yet (some have traded since). */
  private readonly rested: number[] = [];
  private readonly ownerOf = new Map<number, number>();
  private lastId = 0;

  /** `isLive` tells whether an order still rests; only used to aim cancels. */
  constructor(
    seed: number,
    private readonly isLive: (orderId: number) => boolean,
  ) {
    this.random = mulberry32(seed);
  }

  /** Tells the generator which id an accepted order got, so later cancels can aim at it. */
  accepted(orderId: number, ownerId: number, rested: boolean): void {
    this.ids.push(orderId);
    if (rested) this.rested.push(orderId);
    this.ownerOf.set(orderId, ownerId);
    if (orderId > this.lastId) this.lastId = orderId;
  }

  next(): Operation {
    const r = this.random();
    if (r < 0.3) return this.cancel();
    const i = this.int(INSTRUMENTS.length);
    const spec = INSTRUMENTS[i];
    if (this.random() < 0.02) {
      // The mid wanders but stays within a few ticks of 1000, so orders left behind by
      // a move get traded or cancelled later instead of piling up far from the action.
      const drift = this.mids[i] - 1000;
      this.mids[i] += drift > 5 ? -1 : drift < -5 ? 1 : this.random() < 0.5 ? -1 : 1;
    }
    const side: Side = this.random() < 0.5 ? 'buy' : 'sell';
    const ownerId = 1 + this.int(OWNERS);
    // A small pool of client ids per owner: reuse is common, so duplicates of live
    // orders happen and so does legitimate reuse after an order is gone.
    const clientOrderId = `k${this.int(1000)}`;
    // Buys mostly below the mid and sells above, overlapping by a few ticks.
    const offset = side === 'buy' ? this.int(12) - 9 : 9 - this.int(12);
    let price = (this.mids[i] + offset) * spec.tickSize;
    let quantity = (1 + (this.random() < 0.05 ? this.int(60) : this.int(8))) * spec.lotSize;
    let symbol = spec.symbol;
    let orderId: number | undefined;
    const bad = this.random();
    if (bad < 0.01) symbol = 'ZZZ';
    else if (bad < 0.02 && spec.tickSize > 1) price += 1;
    else if (bad < 0.03 && spec.lotSize > 1) quantity += 1;
    else if (bad < 0.035) quantity = 0;
    else if (bad < 0.04)
      orderId = this.lastId; // not above the last id: rejected
    else if (bad < 0.1) orderId = this.lastId + 1 + this.int(3);
    const kind = this.random();
    const type = kind < 0.1 ? 'market' : 'limit';
    const timeInForce = kind < 0.1 ? undefined : kind < 0.25 ? 'IOC' : kind < 0.6 ? 'GTC' : undefined;
    const order: NewOrder = { ownerId, clientOrderId, symbol, side, type, quantity };
    return {
      kind: 'submit',
      order: {
        ...order,
        ...(type === 'limit' ? { price } : {}),
        ...(timeInForce ? { timeInForce } : {}),
        ...(orderId !== undefined ? { orderId } : {}),
      },
    };
  }

  private cancel(): Operation {
    const r = this.random();
    if (this.ids.length === 0 || r < 0.05) {
      return { kind: 'cancel', orderId: this.int(this.lastId + 10), ownerId: 1 };
    }
    let orderId = this.ids[this.int(this.ids.length)]; // any id: usually long gone
    if (r < 0.85) {
      // Mostly a live order, so the books stay a realistic size instead of growing.
      while (this.rested.length > 0) {
        const i = this.int(this.rested.length);
        const candidate = this.rested[i];
        this.rested[i] = this.rested[this.rested.length - 1]!;
        this.rested.pop();
        if (this.isLive(candidate)) {
          orderId = candidate;
          break;
        }
      }
    }
    const owner = this.ownerOf.get(orderId)!;
    return { kind: 'cancel', orderId, ownerId: r < 0.8 ? owner : 1 + (owner % OWNERS) };
  }

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }
}
