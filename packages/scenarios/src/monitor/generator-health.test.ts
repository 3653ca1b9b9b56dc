import { describe, expect, it } from 'vitest';
import type { LatenessSummary } from '../measure/lateness-tracker.js';
import { assessGeneratorHealth, combineGeneratorHealth } from './generator-health.js';
import type { GeneratorSample } from './generator-monitor.js';

const calm: GeneratorSample = {
  wallSeconds: 10,
  eventLoopUtilization: 0.3,
  eventLoopLagP99Ms: 1,
  eventLoopLagMaxMs: 3,
  cpuCores: 0.35,
};
const punctual: LatenessSummary = {
  sent: 1000,
  generatorP50Ms: 0.5,
  generatorP99Ms: 2,
  generatorMaxMs: 4,
  sendP99Ms: 150,
  sendMaxMs: 200,
  lateSends: 0,
  connectionWaits: 300,
};

describe('assessGeneratorHealth', () => {
  const cases: {
    name: string;
    sample?: Partial<GeneratorSample>;
    lateness?: Partial<LatenessSummary>;
    rates?: [offered: number, achieved: number];
    reason: RegExp | null;
  }[] = [
    { name: 'a comfortable step (waits for busy connections are the target’s)', reason: null },
    {
      name: 'a saturated event loop',
      sample: { eventLoopUtilization: 0.95 },
      reason: /busy 95% of the time/,
    },
    { name: 'a full CPU core', sample: { cpuCores: 0.97 }, reason: /0\.97 CPU cores/ },
    {
      name: 'late sends while the loop was busy',
      sample: { eventLoopUtilization: 0.7 },
      lateness: { generatorP99Ms: 23.4 },
      reason: /23\.4 ms late at p99 \(limit 10 ms\) because the generator was behind its schedule\.$/,
    },
    {
      name: 'late sends of a starved generator, naming the machine',
      lateness: { generatorP99Ms: 23.4 },
      reason:
        /23\.4 ms late at p99.*busy only 30% of the time, so other processes on this machine held the CPU\.$/,
    },
    { name: 'event-loop lag', sample: { eventLoopLagP99Ms: 35 }, reason: /lagged 35\.0 ms/ },
    {
      name: 'a shortfall while the loop was busy',
      sample: { eventLoopUtilization: 0.85 },
      rates: [20_000, 15_000],
      reason: /Achieved 15,000\/s of 20,000\/s/,
    },
    { name: 'a shortfall with an idle loop (the target’s)', rates: [20_000, 15_000], reason: null },
  ];
  for (const c of cases) {
    it(c.reason === null ? `does not flag ${c.name}` : `flags ${c.name}`, () => {
      const [offeredRate, achievedRate] = c.rates ?? [1000, 1000];
      const health = assessGeneratorHealth({
        sample: { ...calm, ...c.sample },
        lateness: { ...punctual, ...c.lateness },
        offeredRate,
        achievedRate,
      });
      if (c.reason === null) {
        expect(health.bound).toBe(false);
        expect(health.reasons).toEqual([]);
      } else {
        expect(health.bound).toBe(true);
        expect(health.reasons).toHaveLength(1);
        expect(health.reasons[0]).toMatch(c.reason);
      }
    });
  }

  it('reports the measured figures with the generator lateness (not the connection waits)', () => {
    const health = assessGeneratorHealth({
      sample: calm,
      lateness: punctual,
      offeredRate: 1,
      achievedRate: 1,
    });
    expect(health).toMatchObject({
      eventLoopUtilization: 0.3,
      cpuCores: 0.35,
      lateSendP99Ms: 2,
      lateSendMaxMs: 4,
    });
    expect(health.processes).toBe(1);
  });

  it('combines processes: busiest loop, total CPU, bound when any was', () => {
    const a = assessGeneratorHealth({ sample: calm, lateness: punctual, offeredRate: 1, achievedRate: 1 });
    const b = assessGeneratorHealth({
      sample: { ...calm, eventLoopUtilization: 0.99, cpuCores: 1 },
      lateness: punctual,
      offeredRate: 1,
      achievedRate: 1,
    });
    const both = combineGeneratorHealth([a, b]);
    expect(both).toMatchObject({ eventLoopUtilization: 0.99, cpuCores: 1.35, processes: 2, bound: true });
    expect(both.reasons.every((r) => r.startsWith('Process 2: '))).toBe(true);
  });
});
