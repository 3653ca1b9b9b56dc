/**
 * Command-line flags that change a plan. Values (steps, durations, seed, target) are
 * written into the plan input before validation, and remembered as flag sources so that a
 * bad value is reported against the flag that supplied it. Selections (`--workloads`,
 * `--quick`) are applied during resolution, on a plan already known to be valid.
 */
import type { FlagSource } from './issue-list.js';

export interface PlanOverrides {
  /** `--steps 1,2,5` (a comma list, 'x' suffixes allowed) or the numbers themselves. */
  readonly steps?: string | readonly number[];
  /** `--duration 30s`; a bare number is seconds. */
  readonly duration?: string | number;
  readonly warmup?: string | number;
  /** `--workloads orders,sessions`: run only these (by name). */
  readonly workloads?: string | readonly string[];
  readonly seed?: number;
  /** `--target URL`: load a running service instead of the plan's target. */
  readonly target?: string;
  /** `--allow-host HOST`: the non-loopback host the user allows. */
  readonly allowHost?: string;
  /** `--quick`: a CI-sized run (short steps, load scaled to 10%, no isolated runs). */
  readonly quick?: boolean;
}

export interface AppliedOverrides {
  readonly input: unknown;
  readonly flags: readonly FlagSource[];
  /** Problems with the flags themselves (not their values as plan fields). */
  readonly flagIssues: readonly { readonly flag: string; readonly message: string }[];
  /** Workload names selected by `--workloads`, or null for all. */
  readonly selection: readonly string[] | null;
}

export function applyOverrides(input: unknown, overrides: PlanOverrides = {}): AppliedOverrides {
  const flags: FlagSource[] = [];
  const flagIssues: { flag: string; message: string }[] = [];
  if (!isRecord(input)) return { input, flags, flagIssues, selection: null };
  const plan: Record<string, unknown> = { ...input };
  const set = (field: string, flag: string, value: unknown): void => {
    plan[field] = value;
    flags.push({ path: [field], flag });
  };

  if (overrides.steps !== undefined) set('steps', '--steps', parseSteps(overrides.steps));
  if (overrides.duration !== undefined) set('duration', '--duration', secondsIfBare(overrides.duration));
  if (overrides.warmup !== undefined) set('warmup', '--warmup', secondsIfBare(overrides.warmup));
  if (overrides.seed !== undefined) set('seed', '--seed', overrides.seed);

  const current = isRecord(plan['target']) ? plan['target'] : {};
  if (overrides.target !== undefined) {
    const keep = current['kind'] === 'url' ? current : {};
    plan['target'] = { ...keep, kind: 'url', url: overrides.target };
    flags.push({ path: ['target', 'url'], flag: '--target' });
  }
  if (overrides.allowHost !== undefined) {
    const target = isRecord(plan['target']) ? plan['target'] : {};
    if (target['kind'] === 'url') {
      plan['target'] = { ...target, allowHost: overrides.allowHost };
      flags.push({ path: ['target', 'allowHost'], flag: '--allow-host' });
    } else {
      flagIssues.push({
        flag: '--allow-host',
        message: 'only applies to a URL target (--target URL, or target.kind: url in the plan)',
      });
    }
  }

  let selection: string[] | null = null;
  if (overrides.workloads !== undefined) {
    const names =
      typeof overrides.workloads === 'string' ? overrides.workloads.split(',') : [...overrides.workloads];
    selection = names.map((n) => n.trim()).filter((n) => n !== '');
    if (selection.length === 0) flagIssues.push({ flag: '--workloads', message: 'names no workload' });
  }
  return { input: plan, flags, flagIssues, selection };
}

/** '1,2,5,10' or '1x, 2x' → numbers; anything else is left as the string, for the schema to reject. */
function parseSteps(steps: string | readonly number[]): unknown {
  if (typeof steps !== 'string') return [...steps];
  const parts = steps.split(',').map((s) => s.trim().replace(/^(\d+(?:\.\d+)?)x$/i, '$1'));
  return parts.map((p) => (/^\d+(\.\d+)?$/.test(p) ? Number(p) : p));
}

function secondsIfBare(value: string | number): string | number {
  return typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
