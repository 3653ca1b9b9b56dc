/** How a run ended, in RunResult terms, with a reason a reader understands. */
import type { RunStatus, StepResult, TargetInfo } from '../result/types.js';
import type { EndReason } from './run-control.js';

export function runStatus(
  ended: EndReason | null,
  /** what was running when it ended, e.g. 'step 3 (5x)' */
  where: string,
  /** the mixed steps measured (in full or in part) */
  mixed: readonly StepResult[],
  plannedSteps: number,
): { status: RunStatus; statusReason: string | null; failure: TargetInfo['failure'] } {
  const full = mixed.filter((s) => s.status === 'completed').length;
  const partial = mixed.length - full;
  const measured =
    `${full} of ${plannedSteps} steps were measured in full` + (partial > 0 ? ` and ${partial} in part` : '');
  if (ended === null) return { status: 'complete', statusReason: null, failure: null };
  switch (ended.kind) {
    case 'interrupted':
      return {
        status: 'interrupted',
        statusReason: `Interrupted during ${where}; ${measured}, and what was measured is kept.`,
        failure: null,
      };
    case 'target-died':
      return {
        status: 'aborted',
        statusReason: `The target failed during ${where}: ${ended.message}. ${capitalize(measured)} before that.`,
        failure: { atStep: ended.atStep, message: ended.message },
      };
    case 'failed':
      return { status: 'aborted', statusReason: `${ended.message}. ${capitalize(measured)}.`, failure: null };
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
