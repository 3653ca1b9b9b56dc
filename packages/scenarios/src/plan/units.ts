/**
 * Parsers for the human units a plan is written in: durations ('30s', '1m30s', '500ms'),
 * sizes ('5TB', '512MiB') and fractions ('0.1%', 0.001). They return a result instead of
 * throwing, so the validator can report every bad value at once. The same functions back
 * the JSON Schema formats and the resolver, so what validates is exactly what resolves.
 */

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const DURATION_UNITS_SECONDS: Readonly<Record<string, number>> = {
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};
const DURATION_PART = /(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)/y;

export const DURATION_HINT = "a duration like '30s', '1m30s' or '500ms', or a number of seconds";

/** Seconds from '1m30s', '500ms', '2h', '1.5s' or a plain number of seconds. */
export function parseDuration(value: unknown): Parsed<number> {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? ok(value) : bad(`must be ${DURATION_HINT} (≥ 0)`);
  }
  if (typeof value !== 'string') return bad(`must be ${DURATION_HINT}`);
  const text = value.trim();
  if (text === '') return bad(`must be ${DURATION_HINT}, not empty`);
  let seconds = 0;
  let at = 0;
  DURATION_PART.lastIndex = 0;
  while (at < text.length) {
    DURATION_PART.lastIndex = at;
    const match = DURATION_PART.exec(text);
    if (match === null) {
      return bad(`'${value}' is not ${DURATION_HINT} (units: us, ms, s, m, h)`);
    }
    seconds += Number(match[1]) * (DURATION_UNITS_SECONDS[match[2] ?? 's'] ?? 1);
    at = DURATION_PART.lastIndex;
  }
  return ok(seconds);
}

// Decimal units are powers of 1000 (storage vendors' and the capacity table's meaning);
// binary units (KiB…) powers of 1024.
const SIZE_UNITS_BYTES: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  pib: 2 ** 50,
};
const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]+)?$/i;

export const SIZE_HINT =
  "a size like '5TB', '50GB' or '512MiB' (decimal KB/MB/GB/TB/PB, binary KiB…PiB), or bytes";

/** Bytes from '5TB' (10^12), '512MiB' (2^29) or a plain number of bytes. */
export function parseSize(value: unknown): Parsed<number> {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? ok(value) : bad(`must be ${SIZE_HINT} (≥ 0)`);
  }
  if (typeof value !== 'string') return bad(`must be ${SIZE_HINT}`);
  const match = SIZE.exec(value.trim());
  const factor = match ? SIZE_UNITS_BYTES[(match[2] ?? 'b').toLowerCase()] : undefined;
  if (!match || factor === undefined) return bad(`'${value}' is not ${SIZE_HINT}`);
  return ok(Math.round(Number(match[1]) * factor));
}

export const FRACTION_HINT = "a percentage like '0.1%' or a ratio between 0 and 1 like 0.001";

/** A ratio in [0, 1] from '0.1%' or 0.001. */
export function parseFraction(value: unknown): Parsed<number> {
  let ratio: number;
  if (typeof value === 'number') ratio = value;
  else if (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*%\s*$/.test(value)) {
    ratio = Number(value.trim().slice(0, -1).trim()) / 100;
  } else return bad(`must be ${FRACTION_HINT}`);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    return bad(`${JSON.stringify(value)} is outside 0..1; it must be ${FRACTION_HINT}`);
  }
  return ok(ratio);
}

/** True for an IPv4 address in 127.0.0.0/8 written as four decimal octets. */
export function isLoopbackIpv4(address: string): boolean {
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255);
}

/** True for hosts that resolve to this machine without asking anyone: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || isLoopbackIpv4(host);
}

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function bad<T>(message: string): Parsed<T> {
  return { ok: false, message };
}
