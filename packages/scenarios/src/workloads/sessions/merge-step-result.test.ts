import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, latencyResultOf } from '../../measure/latency-histogram.js';
import type { GeneratorHealth, LatencyResult } from '../../result/types.js';
import { mergeStepResult, type StepFacts } from './merge-step-result.js';
import type { OpenedMessage, ResultMessage } from './worker-protocol.js';

/** A latency result holding these values, ms. */
function latency(valuesMs: readonly number[]): LatencyResult {
  const corrected = createLatencyHistogram();
  const raw = createLatencyHistogram();
  for (const v of valuesMs) {
    corrected.recordValue(Math.round(v * 1000));
    raw.recordValue(Math.round(v * 500));
  }
  return latencyResultOf(corrected, raw);
}

const health = (cpuCores: number, bound: boolean): GeneratorHealth => ({
  eventLoopUtilization: 0.1,
  eventLoopLagP99Ms: 1,
  eventLoopLagMaxMs: 2,
  cpuCores,
  lateSendP99Ms: 1,
  lateSendMaxMs: 2,
  processes: 1,
  bound,
  reasons: bound ? ['late'] : [],
});

function opened(held: number, failures: Record<string, number>, rssDelta: number): OpenedMessage {
  return {
    type: 'opened',
    held,
    failures,
    settledEpochMs: 0,
    rssBeforeBytes: 100e6,
    rssHeldBytes: 100e6 + rssDelta,
    connect: latency([5, 10]),
    portRetries: 1,
    opening: {
      wallSeconds: 1,
      eventLoopUtilization: 0.2,
      eventLoopLagP99Ms: 0,
      eventLoopLagMaxMs: 0,
      cpuCores: 0.25,
    },
  };
}

function result(
  held: number,
  answered: number,
  errorsByCode: Record<string, number>,
  heldPerSecond: number[],
  p99: number[],
): ResultMessage {
  const errors = Object.values(errorsByCode).reduce((a, b) => a + b, 0);
  return {
    type: 'result',
    held,
    heartbeats: {
      scheduled: answered + errors,
      sent: answered + errors,
      answered,
      errors,
      timeouts: errorsByCode['TIMEOUT'] ?? 0,
      errorsByCode,
    },
    latency: latency(Array.from({ length: answered }, (_, i) => 1 + i / answered)),
    timeline: p99.map((p, second) => ({
      second,
      offered: 0,
      achieved: 0,
      errors: second,
      p50Ms: p / 2,
      p99Ms: p,
    })),
    heldPerSecond,
    disconnectsInWindow: { CLOSED_1006: 1 },
    disconnectsBeforeWindow: {},
    windowSeconds: 2,
    health: health((0.1 * held) / 100, held < 100),
  };
}

const FACTS: StepFacts = {
  name: 'sessions',
  target: 210,
  attempted: 210,
  opened: [opened(100, {}, 800_000), opened(100, { ECONNRESET: 10 }, 1_200_000)],
  results: [
    result(100, 400, {}, [100, 100], [3, 4]),
    result(99, 390, { TIMEOUT: 2, CLOSED_1006: 1 }, [100, 99], [5, 2]),
  ],
  windowSeconds: 2,
  sourceAddresses: 4,
  openSeconds: 0.5,
  tokensProvisioned: 420,
  serverRssBefore: 50e6,
  serverRssHeld: 51e6,
  serverHeldAtProbe: 200,
  serverCpuCoresOpening: 0.8,
  notes: ['a note'],
  extraFailures: {},
};

describe('mergeStepResult', () => {
  it('adds up processes: opens and heartbeats as operations, connections as the rate', () => {
    const r = mergeStepResult(FACTS);
    expect([r.targetRate, r.offeredRate, r.achievedRate]).toEqual([210, 210, 199]);
    expect(r.counts).toEqual({
      scheduled: 210 + 400 + 393,
      sent: 210 + 400 + 393,
      completed: 200 + 790,
      errors: 10 + 3,
      timeouts: 2,
    });
    expect(r.errorsByCode).toEqual({ CLOSED_1006: 1, ECONNRESET: 10, TIMEOUT: 2 });
    expect(r.latency.corrected.count).toBe(790);
    expect(r.notes).toEqual(['a note']);
  });

  it('reports memory per connection on both sides and the open figures', () => {
    const m = mergeStepResult(FACTS).measures;
    expect(m).toMatchObject({
      connectionsHeld: 199,
      connectionsTarget: 210,
      connectionsOpened: 200,
      connectionsFailed: 10,
      processes: 2,
      sourceAddresses: 4,
      openSeconds: 0.5,
      openGeneratorCpuCores: 0.5,
      openServerCpuCores: 0.8,
      heartbeatsPerSecond: 395,
      disconnects: 2,
      tokensProvisioned: 420,
      sourcePortRetries: 2,
      generatorBytesPerConnection: 10_000,
      serverBytesPerConnection: 5_000,
    });
    expect(m['connectP99Ms']).toBeCloseTo(10, 1);
  });

  it('merges timelines: connections held per second summed, latency the larger of the processes', () => {
    const r = mergeStepResult(FACTS);
    expect(r.timeline).toEqual([
      { second: 0, offered: 210, achieved: 200, errors: 0, p50Ms: 2.5, p99Ms: 5 },
      { second: 1, offered: 210, achieved: 199, errors: 2, p50Ms: 2, p99Ms: 4 },
    ]);
    expect(r.generator.processes).toBe(2);
    expect(r.generator.cpuCores).toBeCloseTo(0.1 + 0.099, 6);
    expect(r.generator.bound).toBe(true);
  });

  it('leaves server memory out when the target does not export it', () => {
    const m = mergeStepResult({ ...FACTS, serverRssHeld: null, serverCpuCoresOpening: null }).measures;
    expect(m['serverBytesPerConnection']).toBeUndefined();
    expect(m['openServerCpuCores']).toBeUndefined();
  });
});
