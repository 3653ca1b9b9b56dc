/**
 * Integer hashing for the engine's open-addressing indexes. All results are 32-bit
 * integers; a table of 2^k slots takes the top k bits (`>>> (32 - k)`), which are the
 * well-mixed ones for a multiplicative hash.
 */

/** FNV-1a over the UTF-16 code units of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * Mixes a safe integer (all 53 bits) with a 32-bit hash; with h = 0 it hashes an integer
 * alone. Finalised (murmur3 fmix32) so that sequential ids spread over the whole table.
 */
export function mixHash(n: number, h: number): number {
  let x = (n | 0) ^ Math.imul((n / 4294967296) | 0, 0x9e3779b1) ^ Math.imul(h, 0x85ebca6b);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}
