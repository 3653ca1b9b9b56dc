/**
 * A seeded stream of order-entry operations for market-data and shard tests: prices around a
 * wandering mid per instrument so orders rest, cross and walk levels; some IOC and market
 * orders; cancels aimed at earlier ids (some already gone, a few by the wrong owner). Order ids
 * are assigned here, by the caller, as the gateway does, so every engine layout sees the same ids.
 */
import { mulberry32 } from '../prng.js';
import type { InstrumentSpec, NewOrder } from '../engine/types.js';

export type StreamOp =
  | { readonly kind: 'submit'; readonly order: NewOrder & { readonly orderId: number } }
  | { readonly kind: 'cancel'; readonly orderId: number; readonly ownerId: number };

export const TEST_INSTRUMENTS: readonly InstrumentSpec[] = [
  { symbol: 'AAA', tickSize: 1, lotSize: 1 },
  { symbol: 'BBB', tickSize: 5, lotSize: 10 },
  { symbol: 'CCC', tickSize: 25, lotSize: 100 },
  { symbol: 'DDD', tickSize: 1, lotSize: 1 },
  { symbol: 'EEE', tickSize: 2, lotSize: 1 },
  { symbol: 'FFF', tickSize: 10, lotSize: 5 },
  { symbol: 'GGG', tickSize: 1, lotSize: 10 },
];

const OWNERS = 5;

export function seededOrderStream(
  seed: number,
  count: number,
  instruments: readonly InstrumentSpec[] = TEST_INSTRUMENTS,
): StreamOp[] {
  const random = mulberry32(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const mids = instruments.map(() => 1000); // ticks
  const owners: number[] = [];
  const ops: StreamOp[] = [];
  let nextId = 1;
  for (let i = 0; i < count; i++) {
    if (owners.length > 0 && random() < 0.2) {
      const orderId = 1 + int(owners.length);
      const owner = owners[orderId - 1];
      ops.push({ kind: 'cancel', orderId, ownerId: random() < 0.05 ? (owner % OWNERS) + 1 : owner });
      continue;
    }
    const index = int(instruments.length);
    const spec = instruments[index];
    mids[index] = Math.max(20, mids[index] + int(3) - 1);
    const ownerId = 1 + int(OWNERS);
    const side = random() < 0.5 ? 'buy' : 'sell';
    const r = random();
    const type = r < 0.05 ? 'market' : 'limit';
    const timeInForce = r < 0.15 ? 'IOC' : 'GTC';
    // Buys quote at or below mid + 2 ticks, sells at or above mid − 2: a band where they cross.
    const offset = int(8) - 2;
    const ticks = side === 'buy' ? mids[index] - offset : mids[index] + offset;
    const orderId = nextId++;
    owners.push(ownerId);
    ops.push({
      kind: 'submit',
      order: {
        orderId,
        ownerId,
        clientOrderId: `c${orderId}`,
        symbol: spec.symbol,
        side,
        type,
        ...(type === 'limit' ? { price: ticks * spec.tickSize } : {}),
        quantity: (1 + int(10)) * spec.lotSize,
        timeInForce,
      },
    });
  }
  return ops;
}
