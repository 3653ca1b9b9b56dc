/**
 * Seeded pseudo-random numbers: the same seed gives the same schedule and the same
 * generated orders, run after run, on any machine. xoshiro128** (Blackman & Vigna) —
 * 128 bits of state, period 2^128 − 1, passes BigCrush — seeded through splitmix32 so
 * that nearby seeds (1, 2, 3, …) give unrelated streams. All arithmetic stays in 32-bit
 * integers, so it is fast in V8 and identical everywhere. Not for cryptography.
 */
import { HeadroomError } from '../errors.js';

export interface Prng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform integer in [0, maxExclusive). */
  nextInt(maxExclusive: number): number;
}

const TWO_POW_32 = 4_294_967_296;

/**
 * @param seed a number (any finite value; the integer part is used) or a string
 * @param stream selects an independent stream for the same seed (one per connection,
 *   per generator process, …)
 */
export function createPrng(seed: number | string, stream = 0): Prng {
  const base = typeof seed === 'string' ? hashString(seed) : foldNumber(seed);
  const mix = splitmix32((base ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0);
  return new Xoshiro128StarStar(mix(), mix(), mix(), mix());
}

class Xoshiro128StarStar implements Prng {
  constructor(
    private a: number,
    private b: number,
    private c: number,
    private d: number,
  ) {
    // An all-zero state would only ever produce zeros; splitmix32 makes it practically
    // impossible, this makes it impossible.
    if ((a | b | c | d) === 0) this.a = 1;
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  nextInt(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function splitmix32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state ^ (state >>> 16);
    z = Math.imul(z, 0x21f0aaad);
    z ^= z >>> 15;
    z = Math.imul(z, 0x735a2d97);
    z ^= z >>> 15;
    return z >>> 0;
  };
}

/** FNV-1a over UTF-16 code units: stable, and good enough to spread seed strings. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Folds the high bits of large integer seeds in, so 1 and 2^32 + 1 differ. */
function foldNumber(seed: number): number {
  if (!Number.isFinite(seed)) {
    throw new HeadroomError('INVALID_SEED', 'usage', `seed must be a finite number or a string, got ${seed}`);
  }
  const whole = Math.trunc(Math.abs(seed));
  const low = whole % TWO_POW_32;
  const high = Math.floor(whole / TWO_POW_32) % TWO_POW_32;
  return (low ^ Math.imul(high, 0x85ebca6b) ^ (seed < 0 ? 0x5bd1e995 : 0)) >>> 0;
}
