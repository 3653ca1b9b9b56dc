/**
 * A run whose every string a target or a plan can control carries markup: script tags,
 * event-handler attributes, a premature </script>, template syntax. Rendering it must
 * produce inert text everywhere.
 */
import type { RunResult } from '@headroom/scenarios';

import { referenceRun } from './reference-run.js';

export const PAYLOADS = [
  '<script>window.__pwned = 1; alert("script")</script>',
  '<img src=x onerror="window.__pwned = 2; alert(\'img\')">',
  '</script><script>window.__pwned = 3</script>',
  '"><svg onload="window.__pwned = 4">',
  "{{constructor.constructor('window.__pwned = 5')()}}",
] as const;

const p = (i: number): string => PAYLOADS[i % PAYLOADS.length];

export function hostileRun(): RunResult {
  const run = referenceRun();
  const rename = (name: string): string => (name === 'orders' ? `orders ${p(1)}` : name);
  return {
    ...run,
    runId: `run ${p(0)}`,
    status: 'aborted',
    statusReason: `target said: ${p(0)} ${p(1)}`,
    tool: { ...run.tool, version: `0.1.0 ${p(3)}` },
    environment: { ...run.environment, hostname: p(1), cpuModel: p(2) },
    target: {
      ...run.target,
      url: `http://127.0.0.1:1/${p(3)}`,
      config: { ...run.target.config, [p(0)]: p(1), banner: p(2), motd: p(4) },
      failure: { atStep: 3, message: `ECONNRESET ${p(0)}` },
    },
    plan: {
      ...run.plan,
      name: `plan ${p(1)}`,
      description: p(2),
      notes: [p(3), p(4)],
      workloads: run.plan.workloads.map((w, i) => ({
        ...w,
        name: rename(w.name),
        baseline: { ...w.baseline, explanation: p(i) },
      })),
    },
    steps: run.steps.map((s) => ({
      ...s,
      workloads: s.workloads.map((w, i) => ({
        ...w,
        name: rename(w.name),
        unit: i === 0 ? `orders ${p(3)}` : w.unit,
        errorsByCode: { ...w.errorsByCode, [p(1)]: 3, [p(0)]: 1 },
        notes: [...w.notes, p(i)],
        generator: { ...w.generator, reasons: w.generator.bound ? [p(2)] : [] },
      })),
      target: s.target && {
        ...s.target,
        resources: [
          ...s.target.resources,
          { resource: p(1), busySeconds: 1, servers: 1 },
          { resource: p(0), busySeconds: 0.5, servers: 2 },
        ],
      },
    })),
    sweep: run.sweep && { ...run.sweep, stoppedBecause: p(0) },
    thresholds: run.thresholds.map((t, i) => ({
      ...t,
      workload: rename(t.workload),
      expression: `${t.expression} ${p(i)}`,
      message: p(i + 1),
    })),
    warnings: [...run.warnings, ...PAYLOADS],
  };
}
