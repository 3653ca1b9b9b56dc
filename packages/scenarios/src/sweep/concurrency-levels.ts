/**
 * Default concurrency levels of a sweep: 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, …
 * (powers of two with the midpoints 1.5 × 2^k in between). Plain doubling reaches the
 * plateau of a small target (one event loop saturates at 4–8 outstanding requests) with
 * only 3 or 4 points; the USL fit needs at least 6, and the points near the knee are the
 * ones that determine σ and κ.
 */
export function defaultConcurrencyLevels(maxConcurrency: number): number[] {
  const levels: number[] = [];
  for (let power = 1; power <= maxConcurrency; power *= 2) {
    levels.push(power);
    const midpoint = power * 1.5;
    if (power >= 2 && midpoint <= maxConcurrency) levels.push(midpoint);
  }
  return levels;
}

/** The lowest maxConcurrency whose default levels give at least `points` points. */
export function concurrencyForPoints(points: number): number {
  if (points <= 1) return 1;
  for (let max = 2; ; max *= 2) {
    const levels = defaultConcurrencyLevels(max);
    if (levels.length >= points) return levels[points - 1];
  }
}
