import { describe, expect, it } from 'vitest';
import { SequenceTracker } from './sequence-tracker.js';

describe('SequenceTracker', () => {
  it('chains events of one channel by prev, whatever other channels took in between', () => {
    const t = new SequenceTracker();
    t.start('book:A', 10);
    // 11 was a trade (another channel): book event 12 says its previous book event was 10.
    expect(t.event('book:A', 12, 10)).toBe('in-order');
    expect(t.event('book:A', 13, 12)).toBe('in-order');
  });

  it('reports a gap when prev names an event never seen, and carries on after it', () => {
    const t = new SequenceTracker();
    t.start('trades:A', 5);
    expect(t.event('trades:A', 9, 7)).toBe('gap');
    expect(t.event('trades:A', 10, 9)).toBe('in-order');
  });

  it('reports repeats and reordering, and events of channels it was not told about', () => {
    const t = new SequenceTracker();
    t.start('book:A', 5);
    expect(t.event('book:A', 5, 4)).toBe('out-of-order');
    expect(t.event('book:B', 1, 0)).toBe('unknown-channel');
  });

  it('restarts a conflated channel at its next snapshot', () => {
    const t = new SequenceTracker();
    t.start('book:A', 5);
    t.suspend('book:A');
    expect(t.event('book:A', 9, 8)).toBe('unknown-channel');
    t.start('book:A', 20);
    expect(t.event('book:A', 21, 20)).toBe('in-order');
  });
});
