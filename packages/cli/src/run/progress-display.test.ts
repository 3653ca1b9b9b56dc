import { Writable } from 'node:stream';

import type { StepResult, WorkloadStepResult } from '@headroom/scenarios';
import { describe, expect, it } from 'vitest';

import { createProgressDisplay } from './progress-display.js';

function sink(): { stream: Writable & { columns?: number }; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

function workload(name: string, achieved: number, p99: number, bound = false): WorkloadStepResult {
  const summary = { count: 100, min: 1, mean: 2, stddev: 1, p50: 2, p90: 3, p99, p999: p99, max: p99 };
  return {
    workload: name === 'sessions' ? 'sessions' : 'orders',
    name,
    unit: name === 'sessions' ? 'connections' : 'orders',
    targetRate: 2000,
    offeredRate: 2000,
    achievedRate: achieved,
    counts: { scheduled: 2000, sent: 2000, completed: 1990, errors: 10, timeouts: 0 },
    errorsByCode: { OVERLOADED: 10 },
    latency: { corrected: summary, raw: summary, correctedHistogram: '', rawHistogram: '' },
    measures: {},
    notes: [],
    generator: {
      eventLoopUtilization: 0.3,
      eventLoopLagP99Ms: 1,
      eventLoopLagMaxMs: 2,
      cpuCores: 0.3,
      lateSendP99Ms: 0.2,
      lateSendMaxMs: 1,
      processes: 1,
      bound,
      reasons: bound ? ['late'] : [],
    },
    timeline: [],
  };
}

const step: StepResult = {
  index: 0,
  phase: 'mixed',
  multiplier: 2,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationSeconds: 30,
  warmupSeconds: 5,
  status: 'completed',
  workloads: [workload('orders', 1990, 3.25), workload('sessions', 2000, 12, true)],
  target: null,
};

describe('createProgressDisplay', () => {
  it('prints one line per step start and one per workload at its end when not interactive', () => {
    const out = sink();
    const display = createProgressDisplay({
      stream: out.stream,
      interactive: false,
      totalSteps: 4,
      stepSeconds: 30,
    });
    display.onProgress({ type: 'prepare', workload: 'orders', message: 'preparing' });
    display.onProgress({ type: 'prepare', workload: 'orders', message: 'orders: prefilling 5,000 books' });
    display.onProgress({ type: 'log', workload: 'sessions', message: '500 of 500 connections open' });
    display.onProgress({
      type: 'step-start',
      phase: 'mixed',
      index: 1,
      multiplier: 2,
      workloads: ['orders', 'sessions'],
      secondsLeft: 125,
    });
    for (let second = 0; second < 3; second++)
      display.onProgress({
        type: 'tick',
        index: 1,
        multiplier: 2,
        secondsLeft: 120 - second,
        workload: 'orders',
        second,
        offered: 4000,
        achieved: 3990,
        errors: 0,
        p99Ms: 3,
      });
    display.onProgress({ type: 'step-end', step, secondsLeft: 90 });
    display.onProgress({ type: 'warning', message: 'generator-bound at 2x' });
    display.stop();
    expect(out.text().split('\n')).toEqual([
      'preparing orders',
      'orders: prefilling 5,000 books',
      'sessions: 500 of 500 connections open',
      '[2/4] 2x mixed: orders, sessions · about 2m 05s left',
      '2x mixed: 30s measured',
      '  orders         target   2,000  achieved   1,990 orders/s  p99   3.25 ms  errors 0.5%',
      '  sessions       target   2,000  achieved   2,000 connections  p99     12 ms  errors 0.5%  [generator-bound]',
      'warning: generator-bound at 2x',
      '',
    ]);
    expect(out.text()).not.toContain('\x1b');
  });

  it('redraws a status block in place on a terminal and clears it when the step ends', () => {
    const out = sink();
    const display = createProgressDisplay({
      stream: out.stream,
      interactive: true,
      totalSteps: 4,
      stepSeconds: 30,
      redrawMs: 0,
    });
    display.onProgress({
      type: 'step-start',
      phase: 'mixed',
      index: 0,
      multiplier: 1,
      workloads: ['orders'],
      secondsLeft: 60,
    });
    display.onProgress({
      type: 'tick',
      index: 0,
      multiplier: 1,
      secondsLeft: 59,
      workload: 'orders',
      second: -1,
      offered: 2000,
      achieved: 1999,
      errors: 0,
      p99Ms: 2.5,
    });
    display.onProgress({
      type: 'tick',
      index: 0,
      multiplier: 1,
      secondsLeft: 58,
      workload: 'orders',
      second: 0,
      offered: 2000,
      achieved: 2001,
      errors: 1,
      p99Ms: 2.75,
    });
    const text = out.text();
    // header alone, then header + one workload line, redrawn: each redraw moves up over the last block
    expect(text).toContain('\x1b[1F\x1b[J');
    expect(text).toContain('\x1b[2F\x1b[J');
    expect(text).toContain('(warming up)');
    expect(text).toMatch(
      /orders +offered +2,000\/s +achieved +2,001\/s +p99 +2.75 ms +errors 1 +\(1s of 30s\)/,
    );
    expect(text).toContain('[1/4] 1x mixed: orders · about 58s left');
    display.onProgress({ type: 'step-end', step: { ...step, multiplier: 1 }, secondsLeft: 30 });
    expect(out.text().slice(text.length).startsWith('\x1b[2F\x1b[J1x mixed: 30s measured\n')).toBe(true);
  });
});
