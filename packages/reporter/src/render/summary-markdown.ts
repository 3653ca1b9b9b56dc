/**
 * summary.md: the executive summary as GitHub-flavoured Markdown, for CI job summaries
 * and pull-request comments. Text from the run is escaped so a hostile target cannot
 * inject markup or break the tables.
 */
import type { RunResult } from '@headroom/scenarios';

import type { Analysis } from '../analysis/analyze.js';
import type { GapVerdict } from '../analysis/target-gap.js';
import { formatMultiplier, formatNumber } from '../format.js';
import { summaryView } from './view/summary-view.js';

const ICON: Record<GapVerdict, string> = {
  meets: '✅',
  misses: '❌',
  'generator-bound': '⚠️',
  'not-tested': '➖',
  'too-few': '➖',
};

/**
 * Markdown-inert text: HTML special characters as entities, the punctuation that makes
 * emphasis, code, links and table cells backslashed, all on one line.
 */
export function markdownText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/\s*\n\s*/g, ' ');
}

export function renderSummaryMarkdown(analysis: Analysis, run: RunResult): string {
  const view = summaryView(analysis);
  const t = analysis.targetGap.targetMultiplier;
  const lines: string[] = [];
  lines.push(`## headroom capacity report: ${markdownText(run.plan.name)}`, '');
  lines.push(`**${markdownText(view.verdict.text)}** · run ${markdownText(run.runId)} · ${run.status}`, '');
  if (run.status !== 'complete') {
    lines.push(
      `> **Incomplete run (${run.status}).** ${markdownText(run.statusReason ?? '')} Only what was measured is reported.`,
      '',
    );
  }
  for (const s of view.sentences) lines.push(`- ${markdownText(s)}`);
  lines.push('', '### Verdict per target and step', '');
  lines.push(
    `| Target (1x) | ${analysis.targetGap.multipliers.map((m) => (m === t ? `${formatMultiplier(m)} (target)` : formatMultiplier(m))).join(' | ')} | At target |`,
  );
  lines.push(`|---|${analysis.targetGap.multipliers.map(() => '---').join('|')}|---|`);
  for (const row of analysis.targetGap.rows) {
    const cells = row.cells.map(
      (c) =>
        `${ICON[c.verdict]} ${c.achieved === null ? c.verdict : `${c.verdict === 'too-few' ? 'too few to judge: ' : ''}${formatNumber(c.achieved)} / ${formatNumber(c.required)}`}`,
    );
    lines.push(
      `| ${markdownText(row.label)} (${formatNumber(row.baseline)} ${row.unit}) | ${cells.join(' | ')} | ${ICON[row.atTarget.verdict]} ${markdownText(row.atTarget.reason)} |`,
    );
  }
  const notes = analysis.targetGap.rows.filter((r) => r.note !== null);
  if (notes.length > 0) lines.push('');
  for (const r of notes) lines.push(`- ${markdownText(r.label)}: ${markdownText(r.note ?? '')}`);
  lines.push('', '### What to do', '');
  analysis.recommendations
    .slice(0, 3)
    .forEach((r, i) => lines.push(`${i + 1}. **${markdownText(r.title)}** — ${markdownText(r.evidence)}`));
  if (analysis.recommendations.length === 0) lines.push('Nothing to recommend from this run.');
  lines.push(
    '',
    `### Thresholds: ${analysis.thresholds.passed} passed, ${analysis.thresholds.failed} failed`,
    '',
  );
  const failed = analysis.thresholds.outcomes.filter((o) => !o.passed);
  if (failed.length > 0) {
    lines.push('| Workload | Step | Threshold | Observed | Limit |', '|---|---|---|---|---|');
    for (const o of failed) {
      lines.push(
        `| ${markdownText(o.workload)} | ${formatMultiplier(o.multiplier)} | ${markdownText(o.expression)} | ${formatNumber(o.observed)} | ${formatNumber(o.limit)} |`,
      );
    }
  }
  lines.push('', 'The full report with charts is `index.html` beside this file.', '');
  return lines.join('\n');
}
