import { describe, expect, it } from 'vitest';
import { LATE_SEND_TOLERANCE_MS, LatenessTracker } from './lateness-tracker.js';

describe('LatenessTracker', () => {
  it("separates the generator's own lateness from waits for a connection", () => {
    const tracker = new LatenessTracker();
    // due at 0 with a connection free since −5: went out 1 ms late (generator)
    tracker.recordSend(0, -5, 1);
    // due at 10, every connection busy until 50, sent at 50.5: 40 ms waited for a connection, 0.5 ms generator
    tracker.recordSend(10, 50, 50.5);
    // due at 100, connection free, sent 20 ms late: the generator was behind
    tracker.recordSend(100, 90, 120);
    const summary = tracker.summary();
    expect(summary.sent).toBe(3);
    expect(summary.connectionWaits).toBe(1);
    expect(summary.lateSends).toBe(1);
    expect(summary.generatorMaxMs).toBeCloseTo(20, 1);
    expect(summary.generatorP50Ms).toBeCloseTo(1, 2);
    expect(summary.sendMaxMs).toBeCloseTo(40.5, 1);
  });

  it('counts a send as late only beyond the tolerance', () => {
    const tracker = new LatenessTracker();
    tracker.recordSend(0, 0, LATE_SEND_TOLERANCE_MS);
    tracker.recordSend(0, 0, LATE_SEND_TOLERANCE_MS + 0.5);
    expect(tracker.summary().lateSends).toBe(1);
  });

  it('summarises nothing as zeros', () => {
    expect(new LatenessTracker().summary()).toEqual({
      sent: 0,
      generatorP50Ms: 0,
      generatorP99Ms: 0,
      generatorMaxMs: 0,
      sendP99Ms: 0,
      sendMaxMs: 0,
      lateSends: 0,
      connectionWaits: 0,
    });
  });
});
