import type { EngineEvents, Fill, LiveOrder, Side } from '../engine/index.js';

/**
 * Where matching publishes what happens in the books, for whoever listens (market data,
 * metrics). A listener implements any subset of EngineEvents. Listeners are called
 * synchronously, in subscription order, from inside matching: they must be quick and must
 * not call back into matching. A listener that throws is dropped from that one event, never
 * from matching: matching must not fail because a subscriber did.
 */
export class MatchingEventBus implements Required<EngineEvents> {
  private listeners: EngineEvents[] = [];
  /** Set by the last listener that threw; read by diagnostics. */
  lastListenerError: unknown = null;

  /** Adds a listener; the returned function removes it. */
  subscribe(listener: EngineEvents): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.length;
  }

  onAccepted(order: LiveOrder): void {
    for (const l of this.listeners) if (l.onAccepted !== undefined) this.guard(() => l.onAccepted!(order));
  }

  onFill(fill: Fill): void {
    for (const l of this.listeners) if (l.onFill !== undefined) this.guard(() => l.onFill!(fill));
  }

  onCancelled(orderId: number, ownerId: number, symbol: string, cancelledQuantity: number): void {
    for (const l of this.listeners) {
      if (l.onCancelled !== undefined)
        this.guard(() => l.onCancelled!(orderId, ownerId, symbol, cancelledQuantity));
    }
  }

  onBookChange(symbol: string, side: Side, price: number, quantity: number, seq: number): void {
    for (const l of this.listeners) {
      if (l.onBookChange !== undefined) this.guard(() => l.onBookChange!(symbol, side, price, quantity, seq));
    }
  }

  private guard(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.lastListenerError = error;
    }
  }
}
