/**
 * runPlan when a run ends early: Ctrl-C (the caller's AbortSignal) in the middle of a
 * step, and the target dying under load. Either way the call returns promptly with what
 * was measured, a valid RunResult marked 'interrupted' or 'aborted', and a reason.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resolvePlan } from '../src/plan/resolve-plan.js';
import { validateRunResult } from '../src/result/validate-run-result.js';
import type { ProgressEvent } from '../src/runner/run-plan-types.js';
import { runPlan } from '../src/runner/run-plan.js';
import { spawnReferenceSystem, type SpawnedSystem } from './support/spawn-reference-system.js';

const systems: SpawnedSystem[] = [];
afterEach(async () => {
  await Promise.all(systems.splice(0).map((s) => s.stop()));
});

const plan = resolvePlan(
  {
    capacity: { instruments: 200 },
    workloads: [{ kind: 'orders' }, { kind: 'market-data' }],
    steps: [1, 2, 5],
  },
  { overrides: { quick: true } },
);

/** Calls `act` once, one second into the measured window of the second step. */
function duringSecondStep(act: () => void): (event: ProgressEvent) => void {
  let done = false;
  return (event) => {
    if (!done && event.type === 'tick' && event.index === 1 && event.second >= 1) {
      done = true;
      act();
    }
  };
}

describe('a run that ends early', () => {
  it('stops at once on the caller’s signal and keeps what was measured, marked interrupted', async () => {
    const system = await spawnReferenceSystem();
    systems.push(system);
    const controller = new AbortController();
    let abortedAt = 0;
    const result = await runPlan({
      plan,
      target: system.endpoint,
      signal: controller.signal,
      onProgress: duringSecondStep(() => {
        abortedAt = performance.now();
        controller.abort();
      }),
    });
    const returnedAfterMs = performance.now() - abortedAt;
    expect(() => validateRunResult(JSON.parse(JSON.stringify(result)), 'the run')).not.toThrow();
    expect(result.status).toBe('interrupted');
    expect(result.statusReason).toMatch(
      /^Interrupted during step 2 \(2x\); 1 of 3 steps were measured in full and 1 in part/,
    );
    expect(result.steps.map((s) => s.status)).toEqual(['completed', 'interrupted']);
    const partial = result.steps[1];
    expect(partial.durationSeconds).toBeGreaterThan(0.5);
    expect(partial.durationSeconds).toBeLessThan(plan.durationSeconds);
    expect(partial.workloads.find((w) => w.name === 'orders')!.counts.completed).toBeGreaterThan(0);
    expect(result.sweep).toBeNull();
    expect(result.target.failure).toBeNull();
    // "at once": no drain, no further steps — bounded by closing connections, not by the plan
    expect(returnedAfterMs).toBeLessThan(5000);
  });

  it('ends aborted, with the failure recorded, when the target dies under load', async () => {
    const system = await spawnReferenceSystem();
    systems.push(system);
    const result = await runPlan({
      plan,
      target: system.endpoint,
      isTargetAlive: system.isAlive,
      onProgress: duringSecondStep(() => process.kill(system.pid, 'SIGKILL')),
    });
    expect(() => validateRunResult(JSON.parse(JSON.stringify(result)), 'the run')).not.toThrow();
    expect(result.status).toBe('aborted');
    expect(result.target.failure).toEqual({ atStep: 1, message: 'the target process exited' });
    expect(result.statusReason).toMatch(
      /^The target failed during step 2 \(2x\): the target process exited\./,
    );
    expect(result.steps[0].status).toBe('completed');
    expect(result.steps).toHaveLength(2);
    expect(result.sweep).toBeNull();
  });
});
