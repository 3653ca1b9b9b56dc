/**
 * Number formatting shared by the analysis (its sentences) and the renderers. One
 * locale (en-US) so reports are identical wherever they are rendered.
 */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Readable precision: 12,345 · 123 · 12.3 · 1.23 · 0.0123 (trailing zeros dropped: 25, not 25.0) */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : '—';
  const a = Math.abs(v);
  if (a >= 1000) return grouped.format(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return String(Number(v.toFixed(1)));
  if (a >= 1) return String(Number(v.toFixed(2)));
  if (a === 0) return '0';
  return Number(v.toPrecision(3)).toString();
}

export function formatMs(v: number): string {
  return `${formatNumber(v)} ms`;
}

/** 0.0123 → "1.2%"; small ratios keep two decimals so 0.05% does not print as 0.1%. */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  const p = ratio * 100;
  return `${String(Number(Math.abs(p) < 1 && p !== 0 ? p.toFixed(2) : p.toFixed(1)))}%`;
}

export function formatRate(v: number, unit: string): string {
  return `${formatNumber(v)} ${unit}/s`;
}

/** 10 → "10x", 2.5 → "2.5x" */
export function formatMultiplier(m: number): string {
  return `${Number(m.toFixed(2))}x`;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** Decimal units (1 TB = 10¹² bytes), as capacity plans and disk vendors use them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < BYTE_UNITS.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v.toFixed(0) : formatNumber(v)} ${BYTE_UNITS[i]}`;
}

/** days → "18 days", "7.4 months", "2.5 years" */
export function formatDays(days: number): string {
  if (!Number.isFinite(days)) return 'never';
  if (days < 0) return 'already reached';
  if (days < 60) return `${formatNumber(days)} days`;
  if (days < 730) return `${(days / 30.44).toFixed(1)} months`;
  return `${(days / 365.25).toFixed(1)} years`;
}

/** seconds → "90 ms", "12.5 s" — for service demands */
export function formatSeconds(seconds: number): string {
  return seconds < 1 ? `${formatNumber(seconds * 1000)} ms` : `${formatNumber(seconds)} s`;
}

/** 'orders' → 'order', for "per order" (work counter names are plural) */
export function singularOf(work: string): string {
  return work.endsWith('s') ? work.slice(0, -1) : work;
}
