import type { InstrumentSpec } from '../engine/index.js';

/** A listed instrument: the engine's spec plus a reference price workloads quote around. */
export interface Instrument extends InstrumentSpec {
  /** A typical price, price units; a multiple of tickSize. */
  readonly referencePrice: number;
}

const TICK_SIZES = [1, 1, 1, 2, 5, 10] as const; // price units
const LOT_SIZES = [1, 1, 1, 10, 100] as const; // units

/**
 * The reference system's instrument list: SYM00001, SYM00002, …, with tick and lot sizes
 * and reference prices that vary from instrument to instrument. Deterministic, and the
 * first n instruments of a longer list are the list of n, so a journal written with 5,000
 * instruments replays on a system started with 50,000.
 */
export function generateInstruments(count: number): Instrument[] {
  const instruments: Instrument[] = new Array<Instrument>(count);
  for (let i = 0; i < count; i++) {
    const h1 = mix(i * 2 + 1);
    const h2 = mix(i * 2 + 2);
    const tickSize = TICK_SIZES[h1 % TICK_SIZES.length];
    const lotSize = LOT_SIZES[(h1 >>> 8) % LOT_SIZES.length];
    // Reference prices from 1,000 to 200,000 price units, log-uniform, rounded to the tick.
    const raw = Math.round(1000 * Math.pow(200, (h2 % 10_000) / 10_000));
    const referencePrice = Math.max(tickSize, Math.round(raw / tickSize) * tickSize);
    instruments[i] = { symbol: symbolOf(i), tickSize, lotSize, referencePrice };
  }
  return instruments;
}

/** The symbol of the instrument at index i (0-based): SYM00001 for 0. */
export function symbolOf(index: number): string {
  return `SYM${String(index + 1).padStart(5, '0')}`;
}

/** A 32-bit integer hash (murmur3 finaliser): well spread, stable across platforms. */
function mix(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
