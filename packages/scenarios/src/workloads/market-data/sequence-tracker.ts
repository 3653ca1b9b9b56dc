/**
 * Gap detection for one subscriber connection. Every book change and trade of an
 * instrument takes the next number of the instrument's one sequence, and each event
 * carries `prev`, the sequence number of the previous event of its kind. So on a channel
 * (`book:SYM` or `trades:SYM`) the events must chain: an event whose `prev` is above the
 * last number seen on that channel means at least one event of the channel was missed
 * (a gap); a `seq` at or below it came twice or out of order.
 *
 * A channel starts at its `snapshot` (book) or `subscribed` (trades) message's `seq`, and
 * restarts there after a conflation.
 */
export type SequenceVerdict = 'in-order' | 'gap' | 'out-of-order' | 'unknown-channel';

export class SequenceTracker {
  /** channel → last sequence number seen */
  private readonly last = new Map<string, number>();

  /** A snapshot or subscription confirmation: the channel continues after `seq`. */
  start(channel: string, seq: number): void {
    this.last.set(channel, seq);
  }

  /** The channel's state is stale (conflated) until its next snapshot. */
  suspend(channel: string): void {
    this.last.delete(channel);
  }

  event(channel: string, seq: number, prev: number): SequenceVerdict {
    const last = this.last.get(channel);
    if (last === undefined) return 'unknown-channel';
    if (seq <= last) return 'out-of-order';
    this.last.set(channel, seq);
    return prev > last ? 'gap' : 'in-order';
  }
}
