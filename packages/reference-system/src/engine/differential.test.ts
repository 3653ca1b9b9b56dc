import { describe, expect, it } from 'vitest';
import { engineProblems } from './engine-invariants.test-support.js';
import { MatchingEngine } from './matching-engine.js';
import { INSTRUMENTS, RandomOperations } from './random-operations.test-support.js';
import { ReferenceEngine } from './reference-engine.test-support.js';
import type { EngineEvents } from './types.js';

const OPERATIONS = 100_000;
const SEEDS = [1, 2, 3];

/** Records every event as one line, so two engines' streams compare as string arrays. */
function recorder(log: string[]): EngineEvents {
  return {
    onAccepted: (o) =>
      log.push(
        `A ${o.orderId} ${o.ownerId} ${o.clientOrderId} ${o.symbol} ${o.side} ${o.price} ${o.quantity} ${o.remaining}`,
      ),
    onFill: (f) =>
      log.push(
        `F ${f.makerOrderId} ${f.makerOwnerId} ${f.takerOrderId} ${f.takerOwnerId} ${f.symbol} ${f.price} ${f.quantity} ${f.seq}`,
      ),
    onCancelled: (id, owner, symbol, q) => log.push(`C ${id} ${owner} ${symbol} ${q}`),
    onBookChange: (symbol, side, price, q, seq) => log.push(`B ${symbol} ${side} ${price} ${q} ${seq}`),
  };
}

describe('MatchingEngine against a simple reference implementation', () => {
  it.each(SEEDS)('agrees on results, fills, events and books over 100,000 operations (seed %i)', (seed) => {
    const engineLog: string[] = [];
    const referenceLog: string[] = [];
    const engine = new MatchingEngine(INSTRUMENTS, recorder(engineLog));
    const reference = new ReferenceEngine(INSTRUMENTS, recorder(referenceLog));
    const operations = new RandomOperations(seed, (id) => engine.getOrder(id) !== undefined);
    const accepted: number[] = [];
    let fills = 0;
    let rested = 0;
    let maxLive = 0;

    for (let step = 0; step < OPERATIONS; step++) {
      const op = operations.next();
      const where = `seed ${seed} step ${step}: ${JSON.stringify(op)}`;
      if (op.kind === 'submit') {
        const got = engine.submit(op.order);
        const want = reference.submit(op.order);
        if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, where).toEqual(want);
        if (got.orderId !== 0) {
          operations.accepted(got.orderId, op.order.ownerId, got.resting > 0);
          accepted.push(got.orderId);
        }
        fills += got.fills.length;
        if (got.resting > 0) rested++;
      } else {
        const got = engine.cancel(op.orderId, op.ownerId);
        const want = reference.cancel(op.orderId, op.ownerId);
        if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, where).toEqual(want);
      }
      if (engineLog.length !== referenceLog.length || engineLog.some((line, i) => line !== referenceLog[i])) {
        expect(engineLog, where).toEqual(referenceLog);
      }
      engineLog.length = 0;
      referenceLog.length = 0;
      // Every level change is in the event streams compared above; whole books are
      // compared less often because snapshotting the reference is slow.
      if (step % 100 === 99) {
        for (const { symbol } of INSTRUMENTS) {
          const got = JSON.stringify(engine.book(symbol, Infinity));
          const want = JSON.stringify(reference.book(symbol, Infinity));
          if (got !== want) expect(got, where).toEqual(want);
        }
      }
      if (step % 1000 === 999) {
        expect(engineProblems(engine), where).toEqual([]);
        maxLive = Math.max(maxLive, engine.liveOrderCount);
      }
    }
    for (const id of accepted) {
      const got = engine.getOrder(id);
      if (got !== undefined || id % 10 === 0) expect(got).toEqual(reference.getOrder(id));
    }
    // The stream must actually exercise matching, not just fill books.
    expect(fills).toBeGreaterThan(OPERATIONS / 5);
    expect(rested).toBeGreaterThan(OPERATIONS / 10);
    console.log(`seed ${seed}: ${fills} fills, ${rested} rested, up to ${maxLive} live orders`);
  });
});
