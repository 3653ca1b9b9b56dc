import { describe, expect, it } from 'vitest';
import { describeOpening } from './describe-opening.js';

const sample = (cpuCores: number, eventLoopUtilization: number) => ({
  wallSeconds: 10,
  eventLoopUtilization,
  eventLoopLagP99Ms: 0,
  eventLoopLagMaxMs: 0,
  cpuCores,
});

describe('describeOpening', () => {
  it('compares the rate reached with the plan and says who was busy', () => {
    expect(
      describeOpening({
        attempted: 50_000,
        openSeconds: 31,
        planRatePerSecond: 5000,
        generator: [sample(0.3, 0.4), sample(0.25, 0.6)],
        serverCpuCores: 0.7,
      }),
    ).toBe(
      "Opening: 50,000 connections in 31.0 s, 1,613/s against the plan's 5,000/s; meanwhile the 2 generator process(es) used 0.55 CPU cores (busiest event loop 60%) and the target 0.70.",
    );
  });

  it('says which side limited a slow opening, by the same bounds as generator-bound steps', () => {
    const slow = { attempted: 16_000, openSeconds: 10, planRatePerSecond: 5000 };
    expect(describeOpening({ ...slow, generator: [sample(0.3, 0.93)], serverCpuCores: 0.2 })).toContain(
      '(busiest event loop 93%) and the target 0.20 — a generator event loop was saturated: the generator, not the target, limited the pace.',
    );
    expect(describeOpening({ ...slow, generator: [sample(0.3, 0.4)], serverCpuCores: 0.98 })).toContain(
      "and the target 0.98 — the target's CPU was saturated: the target limited the pace.",
    );
    expect(describeOpening({ ...slow, generator: [sample(0.3, 0.4)], serverCpuCores: 0.5 })).toMatch(
      /0\.50\.$/,
    );
  });

  it('says when opening kept the plan pace, and leaves out a target that does not report its CPU', () => {
    expect(
      describeOpening({
        attempted: 300,
        openSeconds: 0.1,
        planRatePerSecond: 3000,
        generator: [sample(0.1, 0.05)],
        serverCpuCores: null,
      }),
    ).toBe(
      "Opening: 300 connections in 0.1 s, at the plan's pace of 3,000/s; meanwhile the 1 generator process(es) used 0.10 CPU cores (busiest event loop 5%).",
    );
  });
});
