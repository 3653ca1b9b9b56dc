/**
 * View model of the executive summary: the verdict, the sentences, the target table and
 * the capacity found per workload — every value already a display string.
 */
import type { Analysis } from '../../analysis/analyze.js';
import type { GapVerdict } from '../../analysis/target-gap.js';
import { formatMultiplier, formatNumber, formatPercent } from '../../format.js';

export interface VerdictCell {
  /** CSS class: meets | misses | not-tested | generator-bound */
  readonly cls: GapVerdict;
  readonly verdict: string;
  readonly value: string;
  readonly reason: string;
}

export interface SummaryView {
  readonly verdict: { readonly cls: string; readonly text: string };
  readonly sentences: readonly string[];
  readonly gap: {
    readonly headers: readonly string[];
    readonly rows: readonly {
      readonly label: string;
      readonly baseline: string;
      /** where the required levels come from, when not the capacity table; '' otherwise */
      readonly note: string;
      readonly cells: readonly VerdictCell[];
      readonly atTarget: VerdictCell;
    }[];
  };
  readonly capacity: readonly {
    readonly workload: string;
    readonly sustained: string;
    readonly crossing: string;
    readonly plateau: string;
    readonly knee: string;
    readonly peak: string;
    readonly generatorBound: string;
    /** steps left out because they expected too few operations; '' when none */
    readonly tooFew: string;
  }[];
}

export const VERDICT_TEXT: Record<GapVerdict, string> = {
  meets: 'meets',
  misses: 'misses',
  'not-tested': 'not tested',
  'generator-bound': 'generator-bound',
  'too-few': 'too few to judge',
};

export function summaryView(a: Analysis): SummaryView {
  const t = a.targetGap.targetMultiplier;
  const verdictText =
    a.targetGap.verdict === 'meets'
      ? `Meets the ${formatMultiplier(t)} target`
      : a.targetGap.verdict === 'misses'
        ? `Misses the ${formatMultiplier(t)} target`
        : `${formatMultiplier(t)} target not judged`;
  return {
    verdict: { cls: a.targetGap.verdict, text: verdictText },
    sentences: a.headline.sentences,
    gap: {
      headers: a.targetGap.multipliers.map((m) =>
        m === t ? `${formatMultiplier(m)} (target)` : formatMultiplier(m),
      ),
      rows: a.targetGap.rows.map((r) => ({
        label: r.label,
        baseline: `${formatNumber(r.baseline)} ${r.unit}`,
        note: r.note ?? '',
        cells: r.cells.map((c) => ({
          cls: c.verdict,
          verdict: VERDICT_TEXT[c.verdict],
          value:
            c.achieved === null
              ? `needs ${formatNumber(c.required)}`
              : `${formatNumber(c.achieved)} / ${formatNumber(c.required)}`,
          reason: c.reason,
        })),
        atTarget: {
          cls: r.atTarget.verdict,
          verdict: VERDICT_TEXT[r.atTarget.verdict],
          value: '',
          reason: r.atTarget.reason,
        },
      })),
    },
    capacity: a.workloads.map((w) => ({
      workload: w.workload,
      sustained:
        w.sustainedMultiplier === null
          ? w.crossing
            ? 'none (fails at its first judged step)'
            : 'not judged (no step could be judged)'
          : `${formatMultiplier(w.sustainedMultiplier)} (${formatNumber(w.sustainedRate ?? 0)} ${w.unit}/s)`,
      crossing: w.crossing
        ? `${formatMultiplier(w.crossing.multiplier)}: ${w.crossing.violations.join('; ')}`
        : 'not crossed',
      plateau: w.plateau
        ? `${formatMultiplier(w.plateau.fromMultiplier)} → ${formatMultiplier(w.plateau.toMultiplier)}: offered +${formatPercent(w.plateau.offeredGrowth)}, achieved ${w.plateau.achievedGrowth >= 0 ? '+' : ''}${formatPercent(w.plateau.achievedGrowth)}`
        : 'kept growing',
      knee: w.knee
        ? `${formatMultiplier(w.knee.multiplier)} (${formatNumber(w.knee.achievedRate)} of ${formatNumber(w.knee.offeredRate)} ${w.unit}/s)`
        : 'none',
      peak: w.peak
        ? `${formatNumber(w.peak.achievedRate)} ${w.unit}/s at ${formatMultiplier(w.peak.multiplier)}`
        : '—',
      generatorBound:
        w.generatorBound.length > 0 ? w.generatorBound.map(formatMultiplier).join(', ') : 'none',
      tooFew:
        w.tooFew.length > 0
          ? `too few operations to judge at ${w.tooFew.map(formatMultiplier).join(', ')}`
          : '',
    })),
  };
}
