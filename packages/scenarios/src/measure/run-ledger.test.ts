import { describe, expect, it } from 'vitest';
import { NOT_SENT_CODE, RunLedger } from './run-ledger.js';

describe('RunLedger', () => {
  it('records only operations scheduled inside the window; warm-up ones still count in flight', () => {
    const ledger = new RunLedger(1000, 2000);
    const warm = ledger.createOperation(0, 500);
    const measured = ledger.createOperation(1, 1500);
    for (const op of [warm, measured]) {
      op.sentAt = op.scheduledAt + 1;
      ledger.sent(op, op.scheduledAt);
    }
    expect(ledger.inFlight).toBe(2);
    ledger.succeeded(warm, 1100);
    ledger.succeeded(measured, 1510);
    expect(ledger.inFlight).toBe(0);
    expect(ledger.counts).toMatchObject({ scheduled: 1, sent: 1, completed: 1, completedInWindow: 1 });
    expect(ledger.recorder.summary().corrected.max).toBeCloseTo(10, 1);
  });

  it('answers after the window count for latency, not for the achieved rate', () => {
    const ledger = new RunLedger(0, 1000);
    const op = ledger.createOperation(0, 900);
    op.sentAt = 900;
    ledger.sent(op, 900);
    ledger.succeeded(op, 1300);
    expect(ledger.counts).toMatchObject({ completed: 1, completedInWindow: 0 });
    expect(ledger.recorder.summary().corrected.max).toBeCloseTo(400, 0);
  });

  it('books unsent arrivals as NOT_SENT errors and expired ones as TIMEOUT', () => {
    const ledger = new RunLedger(0, 1000);
    const created = ledger.createOperation(0, 100);
    ledger.notSent(created.scheduledAt, 2000, true);
    ledger.notSent(200, 2000, false);
    ledger.notSent(1500, 2000, false); // outside the window: not part of the run
    const inFlight = ledger.createOperation(1, 300);
    inFlight.sentAt = 300;
    ledger.sent(inFlight, 300);
    ledger.expireInFlight(2000);
    expect(ledger.counts).toMatchObject({ scheduled: 3, notSent: 2, errors: 3, timeouts: 1 });
    expect(ledger.recorder.errorsByCode).toEqual({ [NOT_SENT_CODE]: 2, TIMEOUT: 1 });
  });

  it('an interrupt ends the window there and abandons what is unsettled, ignoring later outcomes', () => {
    const ledger = new RunLedger(0, 10_000);
    const settledCalls: number[] = [];
    ledger.onSettled = (now) => settledCalls.push(now);
    const op = ledger.createOperation(0, 100);
    op.sentAt = 100;
    ledger.sent(op, 100);
    ledger.abandoned(200, false);
    ledger.interrupt(2500);
    ledger.succeeded(op, 2600);
    expect(ledger.measureEndMs).toBe(2500);
    expect(ledger.counts).toMatchObject({ scheduled: 2, sent: 1, completed: 0, abandoned: 2, errors: 0 });
    expect(settledCalls).toEqual([]);
  });
});
