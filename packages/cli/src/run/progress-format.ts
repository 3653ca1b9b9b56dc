/** Number and duration formats for the progress lines and the summary (one locale: en-US). */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12,345 · 123 · 12.3 · 1.23 */
export function num(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 100) return grouped.format(v);
  if (a >= 10) return String(Number(v.toFixed(1)));
  return String(Number(v.toFixed(2)));
}

/** seconds → "45s", "4m 05s", "1h 02m" */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** errors / (completed + errors) as a percentage, "0%" when nothing failed */
export function errorShare(errors: number, completed: number): string {
  const total = errors + completed;
  if (errors === 0 || total === 0) return '0%';
  const p = (100 * errors) / total;
  return `${p < 0.1 ? p.toPrecision(1) : String(Number(p.toFixed(1)))}%`;
}
