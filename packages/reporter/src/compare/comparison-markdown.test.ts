import { describe, expect, it } from 'vitest';

import { compareRuns } from './compare-runs.js';
import { renderComparisonMarkdown } from './comparison-markdown.js';
import { simulatedRun } from './simulated-run.test-support.js';

const step = (p50Ms: number, name = 'orders') => [
  // 20 s at 500/s: 10,000 values, enough beyond p99.9 (10) for it to be judged.
  { multiplier: 1, seconds: 20, workloads: [{ name, targetRate: 500, p50Ms, p99Ms: p50Ms * 4 }] },
];

describe('renderComparisonMarkdown', () => {
  it('puts the verdict first, then the regressions, then every step', () => {
    const c = compareRuns(simulatedRun(1, step(2)), simulatedRun(2, step(4)));
    const md = renderComparisonMarkdown(c);
    const lines = md.split('\n');
    expect(lines[0]).toBe('## headroom compare: ❌ regression');
    expect(md).toContain('worse by more than 5% **and** beyond 3 standard errors');
    expect(md).toMatch(
      /\*\*4 regressions\*\*, 0 improvements, 0 within noise, 1 unchanged, 0 inconclusive\./,
    );
    const flagged = lines.filter((l) => l.startsWith('| ❌ | orders | 1x | '));
    expect(flagged.map((l) => l.split(' | ')[3])).toEqual(['p50', 'p90', 'p99', 'p99.9']);
    expect(md.indexOf('### Changes beyond')).toBeLessThan(md.indexOf('### Every step'));
    const row = lines.find((l) => l.startsWith('| orders | 1x |'))!;
    expect(row).toMatch(/\| \d+(\.\d+)?\/s → \d+(\.\d+)?\/s \([+−]?[\d.]+%\) \|/);
    expect(row).toMatch(/ms → [\d.]+ ms \(\+\d+(\.\d)?%\) ❌/);
  });

  it('says no regression, and keeps hostile names inert', () => {
    const name = '<img src=x onerror=alert(1)>|`x`';
    const md = renderComparisonMarkdown(
      compareRuns(simulatedRun(3, step(2, name)), simulatedRun(4, step(2, name))),
    );
    expect(md.split('\n')[0]).toBe('## headroom compare: ✅ no regression');
    expect(md).not.toContain('<img');
    expect(md).toContain('| &lt;img src=x onerror=alert(1)&gt;\\|\\`x\\` | 1x |');
    expect(md).not.toContain('### Changes beyond');
  });
});
