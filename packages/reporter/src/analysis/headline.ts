/**
 * The executive summary in sentences: verdict at the target, the capacity found, the
 * bottleneck, what scaling out takes and what to do — most important first, each with
 * its number, so a manager can stop reading after any of them.
 */
import { formatMultiplier, formatNumber, formatPercent } from '../format.js';
import type { Analysis } from './analyze.js';
import { classifyResource } from './resource-catalogue.js';

export interface Headline {
  readonly verdict: 'meets' | 'misses' | 'inconclusive';
  /** the lowest sustained multiplier over the workloads; null when one fails at its first step */
  readonly sustainedMultiplier: number | null;
  /** the workload that sets it */
  readonly limitingWorkload: string | null;
  readonly sentences: readonly string[];
}

export function headlineOf(a: Omit<Analysis, 'headline'>): Headline {
  const sentences: string[] = [];
  if (!a.run.complete) {
    sentences.push(
      `This run is ${a.run.status}${a.run.statusReason ? `: ${a.run.statusReason}` : ''}. Only what was measured is reported.`,
    );
  }

  const t = a.targetGap.targetMultiplier;
  const missing = a.targetGap.rows.flatMap((r) =>
    r.atTarget.verdict === 'misses' ? [`${r.label.toLowerCase()}: ${r.atTarget.reason}`] : [],
  );
  if (a.targetGap.verdict === 'meets')
    sentences.push(`At ${formatMultiplier(t)} the system meets every target of the plan.`);
  else if (a.targetGap.verdict === 'misses')
    sentences.push(
      `At ${formatMultiplier(t)} the system misses the target: ${missing.slice(0, 2).join('; ')}.`,
    );
  else
    sentences.push(
      `The ${formatMultiplier(t)} target could not be judged: it was not reached by the generator or not tested.`,
    );

  const judged = a.workloads.filter((w) =>
    w.steps.some((s) => s.verdict === 'holds' || s.verdict === 'fails'),
  );
  const limiting = judged.reduce<(typeof judged)[number] | null>(
    (worst, w) => (!worst || (w.sustainedMultiplier ?? 0) < (worst.sustainedMultiplier ?? 0) ? w : worst),
    null,
  );
  if (limiting) {
    if (limiting.sustainedMultiplier === null) {
      sentences.push(
        `${limiting.workload} fails its SLO already at ${formatMultiplier(limiting.crossing!.multiplier)}: ${limiting.crossing!.violations.join('; ')}.`,
      );
    } else if (limiting.crossing) {
      sentences.push(
        `It sustains ${formatMultiplier(limiting.sustainedMultiplier)} of current load within SLO (${limiting.workload}: ${formatNumber(limiting.sustainedRate ?? 0)} ${limiting.unit}/s) and saturates by ${formatMultiplier(limiting.crossing.multiplier)}: ${limiting.crossing.violations.join('; ')}.`,
      );
    } else {
      sentences.push(
        `Every SLO held up to the highest step judged (${formatMultiplier(limiting.sustainedMultiplier)}).`,
      );
    }
  }

  const b = a.bottleneck;
  if (b.status === 'unexplained-gap' && b.gap) {
    // "Stopped" only when throughput did stop; an SLO crossed at low load is a different story.
    const stopped = a.workloads.some((w) => w.plateau !== null);
    sentences.push(
      stopped
        ? `Throughput stopped at ${formatNumber(b.gap.ceilingPerSecond)} ${b.workKey}/s while no measured resource was more than ${formatPercent(b.bottleneck!.utilisation)} busy: the limit is something the target does not report.`
        : `The SLO was missed while no measured resource was more than ${formatPercent(b.bottleneck!.utilisation)} busy (${formatNumber(b.gap.ceilingPerSecond)} ${b.workKey}/s at the most loaded step): what limits it is something the target does not report.`,
    );
  } else if (b.status === 'found' && b.bottleneck && b.reference) {
    const r = b.bottleneck;
    sentences.push(
      `The bottleneck is ${r.resource} (${classifyResource(r.resource).description}): ${formatPercent(r.utilisation)} busy at ${formatMultiplier(b.reference.multiplier)}, which bounds throughput at ${formatNumber(r.boundPerSecond ?? 0)} ${b.workKey}/s.`,
    );
  } else if (b.status === 'no-metrics') {
    sentences.push('The target reports no resource metrics, so no bottleneck can be named.');
  }

  if (a.usl.fit && a.usl.scaleOut) sentences.push(a.usl.scaleOut.explanation);
  if (a.generatorBound.length > 0) {
    sentences.push(
      `Generator-bound, so not evidence against the system: ${a.generatorBound.map((g) => `${formatMultiplier(g.multiplier)} ${g.workload}`).join(', ')}.`,
    );
  }
  if (a.recommendations[0]) sentences.push(`What to do first: ${a.recommendations[0].title}.`);
  if (a.thresholds.outcomes.length > 0)
    sentences.push(`Thresholds: ${a.thresholds.passed} passed, ${a.thresholds.failed} failed.`);

  return {
    verdict: a.targetGap.verdict,
    sustainedMultiplier: limiting?.sustainedMultiplier ?? null,
    limitingWorkload: limiting?.workload ?? null,
    sentences,
  };
}
