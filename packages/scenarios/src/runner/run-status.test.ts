import { describe, expect, it } from 'vitest';
import type { StepResult } from '../result/types.js';
import type { EndReason } from './run-control.js';
import { runStatus } from './run-status.js';

const step = (status: StepResult['status']): StepResult => ({
  index: 0,
  phase: 'mixed',
  multiplier: 1,
  startedAt: '2025-01-01T00:00:00.000Z',
  durationSeconds: 3,
  warmupSeconds: 1,
  status,
  workloads: [],
  target: null,
});

describe('runStatus', () => {
  const cases: {
    name: string;
    ended: EndReason | null;
    steps: StepResult[];
    status: string;
    reason: RegExp | null;
    failure: unknown;
  }[] = [
    {
      name: 'a complete run',
      ended: null,
      steps: [step('completed')],
      status: 'complete',
      reason: null,
      failure: null,
    },
    {
      name: 'Ctrl-C mid-step',
      ended: { kind: 'interrupted' },
      steps: [step('completed'), step('interrupted')],
      status: 'interrupted',
      reason:
        /^Interrupted during step 2 \(2x\); 1 of 4 steps were measured in full and 1 in part, and what was measured is kept\.$/,
      failure: null,
    },
    {
      name: 'the target died',
      ended: { kind: 'target-died', message: 'the target process exited', atStep: 1 },
      steps: [step('completed'), step('interrupted')],
      status: 'aborted',
      reason:
        /^The target failed during step 2 \(2x\): the target process exited\. 1 of 4 steps were measured in full and 1 in part before that\.$/,
      failure: { atStep: 1, message: 'the target process exited' },
    },
    {
      name: 'set-up refused',
      ended: { kind: 'failed', message: 'Preparing orders failed: …' },
      steps: [],
      status: 'aborted',
      reason: /^Preparing orders failed: …\. 0 of 4 steps were measured in full\.$/,
      failure: null,
    },
  ];
  it.each(cases)('$name', ({ ended, steps, status, reason, failure }) => {
    const outcome = runStatus(ended, 'step 2 (2x)', steps, 4);
    expect(outcome.status).toBe(status);
    if (reason === null) expect(outcome.statusReason).toBeNull();
    else expect(outcome.statusReason).toMatch(reason);
    expect(outcome.failure).toEqual(failure);
  });
});
