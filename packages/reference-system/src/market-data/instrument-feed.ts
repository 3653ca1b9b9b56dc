import type { MdConnection, Subscription } from './md-connection.js';
import type { MdEvent } from './md-messages.js';

/** One instrument's publishing state. */
export class InstrumentFeed {
  readonly symbolJson: string;
  /** Last published seq per `EventKind`, the `prev` of the next event of that kind. */
  readonly lastSeq: [number, number] = [0, 0];
  /** Events published since the last flush (only kept while someone subscribes). */
  pending: MdEvent[] = [];
  readonly subscribers = new Map<MdConnection, Subscription>();

  constructor(readonly symbol: string) {
    this.symbolJson = JSON.stringify(symbol);
  }
}
