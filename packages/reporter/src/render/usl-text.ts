/**
 * The plain-text form of a USL report, for the terminal (`headroom model usl`).
 */
import type { UslReport } from '../analysis/usl/usl-report.js';
import { formatNumber } from '../format.js';

const precise = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

function rate(v: number): string {
  return Number.isFinite(v) ? `${precise.format(v)}/s` : 'unbounded';
}

function se(v: number | null, digits: (x: number) => string): string {
  return v === null ? '' : `± ${digits(v)}`;
}

export function formatUslReport(r: UslReport, source: string): string {
  const rows: [string, string, string][] = [
    ['σ (contention)', r.sigma.toFixed(8), se(r.standardErrors.sigma, (v) => v.toFixed(8))],
    ['κ (coherency)', r.kappa.toExponential(6), se(r.standardErrors.kappa, (v) => v.toExponential(3))],
    ['λ (throughput of one)', rate(r.lambda), se(r.standardErrors.lambda, (v) => precise.format(v))],
    [
      'N* (peak concurrency)',
      r.maxConcurrency === null ? 'none (κ = 0: no peak)' : String(r.maxConcurrency),
      '',
    ],
    [r.maxConcurrency === null ? 'X ceiling (λ/σ)' : 'X_max = X(N*)', rate(r.maxThroughput), ''],
    ['R²', r.rSquared.toFixed(5), ''],
  ];
  const width = Math.max(...rows.map((x) => x[0].length));
  const valueWidth = Math.max(...rows.map((x) => x[1].length));
  const lines = [
    `Universal Scalability Law fitted to ${r.points} points from ${source} (largest concurrency ${formatNumber(r.largestMeasuredConcurrency)})`,
    '',
    ...rows.map(([k, v, e]) => `  ${k.padEnd(width)}  ${v.padStart(valueWidth)}  ${e}`.trimEnd()),
  ];
  if (r.flags.length > 0) lines.push('', ...r.flags.map((f) => `  ! ${f.message}`));
  lines.push('', '  concurrency    predicted     measured');
  for (const p of r.predictions) {
    const measured = p.measured === null ? '' : rate(p.measured);
    lines.push(
      `  ${formatNumber(p.concurrency).padStart(11)}  ${rate(p.throughput).padStart(11)}  ${measured.padStart(11)}${p.extrapolated ? '  (extrapolated)' : ''}`,
    );
  }
  if (r.target) lines.push('', `  target ${rate(r.target.targetThroughput)}: ${r.target.explanation}`);
  return `${lines.join('\n')}\n`;
}
