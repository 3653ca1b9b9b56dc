/**
 * The comparison as GitHub-flavoured Markdown for a pull-request comment or a CI job
 * summary: the verdict first, then the regressions, then every step. Text from the runs
 * (workload and plan names) is escaped so it cannot inject markup or break a table.
 */
import { formatMultiplier, formatNumber, formatPercent } from '../format.js';
import { markdownText } from '../render/summary-markdown.js';
import type {
  ChangeVerdict,
  Comparison,
  ComparisonRow,
  MetricChange,
  MetricName,
} from './comparison-types.js';

const ICON: Record<ChangeVerdict, string> = {
  regression: '❌',
  improvement: '✅',
  'within-noise': '〰️',
  unchanged: '',
  inconclusive: '⚠️',
};

const COLUMNS: readonly MetricName[] = ['throughput', 'p50', 'p90', 'p99', 'p99.9'];

export function renderComparisonMarkdown(c: Comparison): string {
  const lines: string[] = [];
  const regressed = c.verdict === 'regression';
  lines.push(`## headroom compare: ${regressed ? '❌ regression' : '✅ no regression'}`, '');
  lines.push(
    `Base \`${markdownText(c.base.runId)}\` (plan ${markdownText(c.base.planName)}) → head \`${markdownText(c.head.runId)}\` (plan ${markdownText(c.head.planName)}). ` +
      `A change counts when it is worse by more than ${formatPercent(c.maxRegression)} **and** beyond ${formatNumber(c.noiseSigmas)} standard errors of run-to-run noise ` +
      `(sampling and per-second variability of each run). Latency is measured from the scheduled send time (corrected for coordinated omission).`,
    '',
  );
  const n = c.counts;
  lines.push(
    `**${plural(n.regression, 'regression')}**, ${plural(n.improvement, 'improvement')}, ${n['within-noise']} within noise, ${n.unchanged} unchanged, ${n.inconclusive} inconclusive.`,
    '',
  );
  const flagged = c.rows.flatMap((r) =>
    r.metrics.filter((m) => m.verdict === 'regression' || m.verdict === 'improvement').map((m) => ({ r, m })),
  );
  if (flagged.length > 0) {
    lines.push('### Changes beyond the threshold and the noise', '');
    lines.push(
      '| | Workload | Step | Metric | Base | Head | Change | Noise (±) |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const { r, m } of flagged) {
      lines.push(
        `| ${ICON[m.verdict]} | ${markdownText(r.workload)} | ${step(r)} | ${m.metric} | ${value(m.base, m)} | ${value(m.head, m)} | ${signed(m.change)} | ${value(m.noise, m)} |`,
      );
    }
    lines.push('');
  }
  lines.push('### Every step', '');
  lines.push(
    `| Workload | Step | ${COLUMNS.map((m) => (m === 'throughput' ? 'Throughput' : m)).join(' | ')} | Note |`,
    `|---|---|${COLUMNS.map(() => '---').join('|')}|---|`,
  );
  for (const r of c.rows) {
    const cells = COLUMNS.map((name) => {
      const m = r.metrics.find((x) => x.metric === name);
      return m === undefined ? '—' : cell(m);
    });
    lines.push(
      `| ${markdownText(r.workload)} | ${step(r)} | ${cells.join(' | ')} | ${markdownText(r.inconclusiveBecause ?? r.caveat ?? '')} |`,
    );
  }
  if (c.sweep.length > 0) {
    lines.push('', '### Concurrency sweep (closed loop; shown for context, not gated)', '');
    lines.push('| Concurrency | Throughput | p99 |', '|---|---|---|');
    for (const p of c.sweep) {
      lines.push(
        `| ${p.concurrency} | ${formatNumber(p.baseThroughput)} → ${formatNumber(p.headThroughput)} /s (${signed(p.change)}) | ${formatNumber(p.baseP99Ms)} → ${formatNumber(p.headP99Ms)} ms |`,
      );
    }
  }
  if (c.notes.length > 0) {
    lines.push('', '### Notes', '');
    for (const note of c.notes) lines.push(`- ${markdownText(note)}`);
  }
  lines.push('');
  return lines.join('\n');
}

function cell(m: MetricChange): string {
  const icon = ICON[m.verdict];
  return `${value(m.base, m)} → ${value(m.head, m)} (${signed(m.change)})${icon === '' ? '' : ` ${icon}`}`;
}

function value(v: number, m: MetricChange): string {
  return m.unit === 'ms' ? `${formatNumber(v)} ms` : `${formatNumber(v)}/s`;
}

function signed(change: number | null): string {
  if (change === null) return 'n/a';
  const text = formatPercent(change);
  return change > 0 ? `+${text}` : change < 0 ? `−${text.replace(/^-/, '')}` : text;
}

function step(r: ComparisonRow): string {
  return r.phase === 'mixed' ? formatMultiplier(r.multiplier) : `${formatMultiplier(r.multiplier)} alone`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
