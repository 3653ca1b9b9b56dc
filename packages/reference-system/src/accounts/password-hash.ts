import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

import type { HashCost } from '../config/resolve-system-config.js';

/**
 * Encoded form: `scrypt$N$r$p$<salt base64url>$<key base64url>`. The cost travels with the
 * hash, so raising the configured cost later still verifies old passwords.
 */
const PREFIX = 'scrypt';
const SALT_BYTES = 16;

/** A stored hash no password matches: fixture users created without a password. */
export const NO_PASSWORD = '!';

/** Derives a key on the libuv thread pool (node:crypto scrypt is async there). */
function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

function scryptOptions(N: number, r: number, p: number): ScryptOptions {
  // scrypt needs about 128·N·r·p bytes; Node refuses above maxmem (32 MiB by default).
  return { N, r, p, maxmem: 256 * N * r * p + (1 << 20) };
}

export async function hashPassword(password: string, cost: HashCost): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost.keyLength, scryptOptions(cost.N, cost.r, cost.p));
  return [PREFIX, cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** False for a wrong password and for anything that is not an encoded scrypt hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return false;
  const salt = Buffer.from(parts[4], 'base64url');
  const expected = Buffer.from(parts[5], 'base64url');
  if (expected.length === 0) return false;
  const key = await derive(password, salt, expected.length, scryptOptions(N, r, p));
  return timingSafeEqual(key, expected);
}
