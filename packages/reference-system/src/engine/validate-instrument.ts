import { HeadroomError } from '../errors.js';
import type { InstrumentSpec } from './types.js';

/**
 * Every problem with one instrument definition, each as `path: message`; empty when the
 * instrument is valid. Ticks and lots are positive safe integers (price units and units).
 */
export function validateInstrument(spec: unknown, path = 'instrument'): string[] {
  if (typeof spec !== 'object' || spec === null) return [`${path}: must be an object`];
  const { symbol, tickSize, lotSize } = spec as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof symbol !== 'string' || symbol.length === 0) {
    problems.push(`${path}.symbol: must be a non-empty string`);
  }
  if (!isPositiveSafeInteger(tickSize)) {
    problems.push(`${path}.tickSize: must be a positive safe integer (price units), got ${String(tickSize)}`);
  }
  if (!isPositiveSafeInteger(lotSize)) {
    problems.push(`${path}.lotSize: must be a positive safe integer (units), got ${String(lotSize)}`);
  }
  return problems;
}

/**
 * Checks a whole instrument list (each instrument, and symbols unique) and throws one
 * error naming every problem. Configuration errors throw; orders never do.
 */
export function assertInstruments(instruments: readonly InstrumentSpec[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  instruments.forEach((spec, i) => {
    const own = validateInstrument(spec, `instruments[${i}]`);
    problems.push(...own);
    if (own.length === 0) {
      if (seen.has(spec.symbol)) problems.push(`instruments[${i}].symbol: duplicate symbol ${spec.symbol}`);
      seen.add(spec.symbol);
    }
  });
  if (problems.length > 0) {
    throw new HeadroomError(
      'INVALID_INSTRUMENT',
      'usage',
      `invalid instruments:\n  ${problems.join('\n  ')}`,
    );
  }
}

function isPositiveSafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
