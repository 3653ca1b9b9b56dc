import { describe, expect, it } from 'vitest';

import { HashLimiter, HashQueueFullError } from './hash-limiter.js';
import { NO_PASSWORD, hashPassword, verifyPassword } from './password-hash.js';

const LOW = { N: 1024, r: 8, p: 1, keyLength: 32 };

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const encoded = await hashPassword('correct horse', LOW);
    expect(encoded.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse', encoded)).toBe(true);
    expect(await verifyPassword('correct hors', encoded)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', LOW)).not.toBe(await hashPassword('same', LOW));
  });

  it('never matches the no-password marker or a malformed hash', async () => {
    expect(await verifyPassword('', NO_PASSWORD)).toBe(false);
    expect(await verifyPassword('x', 'scrypt$abc$8$1$AA$AA')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
  });
});

describe('HashLimiter', () => {
  it('runs at most `concurrency` tasks at once and refuses beyond the queue', async () => {
    const limiter = new HashLimiter(2, 1);
    let peak = 0;
    let now = 0;
    const releases: (() => void)[] = [];
    const task = () =>
      limiter.run(async () => {
        now++;
        peak = Math.max(peak, now);
        await new Promise<void>((r) => releases.push(r));
        now--;
      });
    const running = [task(), task(), task()];
    await expect(task()).rejects.toBeInstanceOf(HashQueueFullError);
    expect(limiter.active).toBe(2);
    expect(limiter.waiting).toBe(1);
    while (limiter.completed < 3) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(running);
    expect(peak).toBe(2);
    expect(limiter.active).toBe(0);
  });
});
