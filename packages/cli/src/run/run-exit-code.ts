/**
 * The gate: which exit code a finished run earns. The order matters — an interrupted
 * run is reported as interrupted whatever it measured; a run whose target died is not a
 * verdict on the thresholds; only a complete run is judged by them.
 */
import type { RunResult } from '@headroom/scenarios';

import { ExitCode, type ExitCodeValue } from '../exit-codes.js';

export interface RunGate {
  readonly exitCode: ExitCodeValue;
  /** one line: why this code */
  readonly reason: string;
}

export function gateRun(run: RunResult): RunGate {
  if (run.status === 'interrupted')
    return { exitCode: ExitCode.INTERRUPTED, reason: run.statusReason ?? 'the run was interrupted' };
  if (run.status === 'aborted' || run.target.failure !== null) {
    const why = run.target.failure?.message ?? run.statusReason ?? 'the run was aborted';
    return { exitCode: ExitCode.TARGET_UNAVAILABLE, reason: why };
  }
  const failed = run.thresholds.filter((t) => !t.passed);
  if (failed.length > 0)
    return {
      exitCode: ExitCode.THRESHOLDS_FAILED,
      reason: `${failed.length} of ${run.thresholds.length} thresholds failed`,
    };
  return { exitCode: ExitCode.OK, reason: `all ${run.thresholds.length} thresholds passed` };
}
