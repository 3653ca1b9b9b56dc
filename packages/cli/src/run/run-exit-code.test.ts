import type { RunResult, ThresholdOutcome } from '@headroom/scenarios';
import { describe, expect, it } from 'vitest';

import { ExitCode } from '../exit-codes.js';
import { gateRun } from './run-exit-code.js';

const threshold = (passed: boolean): ThresholdOutcome => ({
  workload: 'orders',
  multiplier: 1,
  expression: 'p(99) < 25ms',
  observed: passed ? 3 : 31,
  limit: 25,
  passed,
  evaluated: true,
  source: 'plan',
  message: passed ? 'p(99) was 3 ms, limit 25 ms' : 'p(99) was 31 ms, limit 25 ms',
});

/** Only the fields the gate reads; the rest of a RunResult does not change its decision. */
function run(
  status: RunResult['status'],
  thresholds: ThresholdOutcome[],
  failure: RunResult['target']['failure'] = null,
): RunResult {
  return {
    status,
    statusReason:
      status === 'complete' ? null : status === 'interrupted' ? 'Interrupted (SIGINT)' : 'target died',
    thresholds,
    target: { kind: 'bundled', url: 'http://127.0.0.1:1', config: {}, failure },
  } as Partial<RunResult> as RunResult;
}

describe('gateRun', () => {
  it.each([
    { name: 'all passed', r: run('complete', [threshold(true)]), code: ExitCode.OK },
    { name: 'no thresholds at all', r: run('complete', []), code: ExitCode.OK },
    {
      name: 'one failed',
      r: run('complete', [threshold(true), threshold(false)]),
      code: ExitCode.THRESHOLDS_FAILED,
    },
    {
      name: 'interrupted beats failed thresholds',
      r: run('interrupted', [threshold(false)]),
      code: ExitCode.INTERRUPTED,
    },
    {
      name: 'aborted (target died)',
      r: run('aborted', [threshold(false)]),
      code: ExitCode.TARGET_UNAVAILABLE,
    },
    {
      name: 'a target failure on a run that finished',
      r: run('complete', [threshold(true)], { atStep: 2, message: 'connection refused' }),
      code: ExitCode.TARGET_UNAVAILABLE,
    },
  ])('$name → $code', ({ r, code }) => {
    expect(gateRun(r).exitCode).toBe(code);
  });

  it('says why', () => {
    expect(gateRun(run('complete', [threshold(true), threshold(false)])).reason).toBe(
      '1 of 2 thresholds failed',
    );
    expect(gateRun(run('aborted', [], { atStep: 1, message: 'the target stopped answering' })).reason).toBe(
      'the target stopped answering',
    );
  });
});
