/**
 * Checks a JSON Schema cannot express: order, sums, cross-references, parsed expressions
 * and the safety rule that headroom loads only loopback unless a host is named. They run
 * on the raw input next to the schema, so every problem is reported in one pass; each
 * check looks only at values of the right type and leaves wrong types to the schema.
 */
import { concurrencyForPoints, defaultConcurrencyLevels } from '../sweep/concurrency-levels.js';
import { parseThreshold } from '../thresholds/parse-threshold.js';
import {
  DEFAULT_PLAN_FIELDS,
  DEFAULT_SWEEP,
  DEFAULT_WORKLOADS,
  SWEEPABLE_KINDS,
  WORKLOAD_KINDS,
} from './defaults.js';
import type { IssueList } from './issue-list.js';
import { isRecord } from './overrides.js';
import type { PlanPath } from './plan-source.js';
import { compileTemplate } from './template.js';
import { isLoopbackHost, parseDuration } from './units.js';
import type { WorkloadKind } from './types.js';

const POSITIVE_DURATIONS: readonly (readonly string[])[] = [['duration'], ['sweep', 'pointDuration']];
const WORKLOAD_DURATIONS = ['timeout', 'heartbeat', 'sessionLifetime'];

export interface SemanticContext {
  /** Workload names chosen with --workloads, or null. */
  readonly selection: readonly string[] | null;
  /** True when --steps replaced the plan's steps: thresholds naming other steps are then dropped, not errors. */
  readonly stepsFromFlag: boolean;
}

export function semanticChecks(input: unknown, issues: IssueList, context: SemanticContext): void {
  if (!isRecord(input)) return;
  checkAscending(input['steps'], ['steps'], issues);
  for (const path of POSITIVE_DURATIONS) checkPositiveDuration(dig(input, path), path, issues);
  const allowHost = checkTarget(input['target'], issues);
  const workloads = checkWorkloads(input['workloads'], allowHost, issues);
  const names = new Set(workloads.keys());
  const steps = input['steps'] ?? DEFAULT_PLAN_FIELDS.steps;
  checkThresholds(input['thresholds'], names, context.stepsFromFlag ? undefined : steps, issues);
  checkSweep(input['sweep'], workloads, issues);
  checkIsolated(input['isolated'], names, issues);
  for (const name of context.selection ?? []) {
    if (!names.has(name))
      issues.addFlag('--workloads', `no workload named '${name}' (the plan has: ${[...names].join(', ')})`);
  }
}

function checkAscending(steps: unknown, path: PlanPath, issues: IssueList): void {
  if (!Array.isArray(steps)) return;
  steps.forEach((step: unknown, i) => {
    const previous: unknown = steps[i - 1];
    if (i > 0 && typeof step === 'number' && typeof previous === 'number' && step <= previous) {
      issues.add([...path, i], `must ascend without repeats (${step} comes after ${previous})`);
    }
  });
}

function checkPositiveDuration(value: unknown, path: PlanPath, issues: IssueList): void {
  const parsed = parseDuration(value);
  if (parsed.ok && parsed.value === 0) issues.add(path, 'must be longer than 0');
}

/** The host the user allowed (or null), after checking the URL target is safe to load. */
function checkTarget(target: unknown, issues: IssueList): string | null {
  if (!isRecord(target) || target['kind'] !== 'url' || typeof target['url'] !== 'string') return null;
  const allowHost = typeof target['allowHost'] === 'string' ? target['allowHost'] : null;
  checkUrl(target['url'], ['target', 'url'], allowHost, issues, 'target.allowHost or --allow-host');
  return allowHost;
}

function checkUrl(
  text: string,
  path: PlanPath,
  allowHost: string | null,
  issues: IssueList,
  how: string,
): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    issues.add(path, `'${text}' is not an absolute URL like http://127.0.0.1:8080`);
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    issues.add(path, `must be an http:// or https:// URL (got ${url.protocol}//)`);
    return;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isLoopbackHost(host)) return;
  if (allowHost === null) {
    issues.add(
      path,
      `${host} is not a loopback address; headroom loads another machine only when you name it (${how}: ${host})`,
    );
  } else if (allowHost.toLowerCase() !== host.toLowerCase()) {
    issues.add(path, `host ${host} is not the allowed host ${allowHost}`);
  }
}

/** Workload name → kind, for cross-references; reports duplicates and per-kind rules. */
function checkWorkloads(
  workloads: unknown,
  allowHost: string | null,
  issues: IssueList,
): Map<string, WorkloadKind> {
  const names = new Map<string, WorkloadKind>();
  if (workloads === undefined) {
    for (const kind of DEFAULT_WORKLOADS) names.set(kind, kind);
    return names;
  }
  if (!Array.isArray(workloads)) return names;
  const firstIndex = new Map<string, number>();
  workloads.forEach((workload: unknown, i) => {
    if (!isRecord(workload) || !isKind(workload['kind'])) return;
    const kind = workload['kind'];
    const name = typeof workload['name'] === 'string' ? workload['name'] : kind;
    const first = firstIndex.get(name);
    if (first !== undefined) {
      issues.add(
        'name' in workload ? ['workloads', i, 'name'] : ['workloads', i],
        `duplicate workload name '${name}' (workloads[${first}] has it too); give each workload a distinct name`,
      );
    } else {
      firstIndex.set(name, i);
      names.set(name, kind);
    }
    const path = ['workloads', i];
    for (const field of WORKLOAD_DURATIONS) checkPositiveDuration(workload[field], [...path, field], issues);
    if (isRecord(workload['slo']))
      checkPositiveDuration(workload['slo']['p99'], [...path, 'slo', 'p99'], issues);
    if (kind === 'orders') checkMix(workload['mix'], [...path, 'mix'], issues);
    if (kind === 'http') checkHttp(workload, path, allowHost, issues);
  });
  return names;
}

function checkMix(mix: unknown, path: PlanPath, issues: IssueList): void {
  if (!isRecord(mix)) return;
  const parts = ['limit', 'marketable', 'cancel'].map((k) => mix[k]);
  if (!parts.every((p): p is number => typeof p === 'number')) return;
  const sum = parts.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-9) {
    issues.add(path, `limit + marketable + cancel must be 1 (they sum to ${Number(sum.toFixed(6))})`);
  }
}

function checkHttp(
  workload: Record<string, unknown>,
  path: PlanPath,
  allowHost: string | null,
  issues: IssueList,
): void {
  const url = workload['url'];
  if (typeof url === 'string') {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url))
      checkUrl(url, [...path, 'url'], allowHost, issues, 'target.allowHost');
    else if (!url.startsWith('/'))
      issues.add([...path, 'url'], `must be an absolute URL or a path starting with '/' (got '${url}')`);
    checkTemplate(url, [...path, 'url'], issues);
  }
  if (isRecord(workload['headers'])) {
    for (const [name, value] of Object.entries(workload['headers'])) {
      if (typeof value === 'string') checkTemplate(value, [...path, 'headers', name], issues);
    }
  }
  checkTemplateTree(workload['body'], [...path, 'body'], issues);
}

function checkTemplateTree(value: unknown, path: PlanPath, issues: IssueList): void {
  if (typeof value === 'string') checkTemplate(value, path, issues);
  else if (Array.isArray(value)) value.forEach((v: unknown, i) => checkTemplateTree(v, [...path, i], issues));
  else if (isRecord(value))
    for (const [k, v] of Object.entries(value)) checkTemplateTree(v, [...path, k], issues);
}

function checkTemplate(text: string, path: PlanPath, issues: IssueList): void {
  const compiled = compileTemplate(text);
  if (!compiled.ok) {
    issues.add(path, `${compiled.message} (column ${compiled.column} of the template)`, {
      offset: compiled.column - 1,
    });
    return;
  }
  for (const variable of compiled.template.env) {
    if (process.env[variable] === undefined) issues.add(path, `environment variable ${variable} is not set`);
  }
}

function checkThresholds(
  thresholds: unknown,
  names: ReadonlySet<string>,
  steps: unknown,
  issues: IssueList,
): void {
  if (!isRecord(thresholds)) return;
  const planSteps = Array.isArray(steps) ? new Set(steps) : null;
  for (const [workload, list] of Object.entries(thresholds)) {
    if (workload !== '*' && !names.has(workload)) {
      issues.add(
        ['thresholds', workload],
        `unknown workload '${workload}' (the plan has: ${[...names].join(', ')}; '*' means all)`,
        { key: true },
      );
    }
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, i) => {
      const path = ['thresholds', workload, i];
      const text = typeof entry === 'string' ? entry : isRecord(entry) ? entry['threshold'] : undefined;
      const textPath = typeof entry === 'string' ? path : [...path, 'threshold'];
      if (typeof text === 'string') {
        const parsed = parseThreshold(text);
        if (!parsed.ok)
          issues.add(textPath, `${parsed.message} (column ${parsed.column} of '${text}')`, {
            offset: parsed.column - 1,
          });
      }
      const only = isRecord(entry) ? entry['steps'] : undefined;
      if (Array.isArray(only) && planSteps !== null) {
        only.forEach((step: unknown, j) => {
          if (typeof step === 'number' && !planSteps.has(step)) {
            issues.add(
              [...path, 'steps', j],
              `${step} is not one of the plan's steps (${[...planSteps].join(', ')})`,
            );
          }
        });
      }
    });
  }
}

function checkSweep(sweep: unknown, workloads: ReadonlyMap<string, WorkloadKind>, issues: IssueList): void {
  if (!isRecord(sweep) || sweep['enabled'] === false) return;
  const name = sweep['workload'];
  if (typeof name === 'string') {
    const kind = workloads.get(name);
    if (kind === undefined)
      issues.add(
        ['sweep', 'workload'],
        `no workload named '${name}' (the plan has: ${[...workloads.keys()].join(', ')})`,
      );
    else if (!SWEEPABLE_KINDS.includes(kind)) {
      issues.add(
        ['sweep', 'workload'],
        `'${name}' is a ${kind} workload, which cannot run in a closed loop; sweep one of: ${SWEEPABLE_KINDS.join(', ')}`,
      );
    }
  }
  const max =
    typeof sweep['maxConcurrency'] === 'number' ? sweep['maxConcurrency'] : DEFAULT_SWEEP.maxConcurrency;
  const min = typeof sweep['minPoints'] === 'number' ? sweep['minPoints'] : DEFAULT_SWEEP.minPoints;
  // The levels the sweep will run, so the check and the sweep agree on the count.
  const reachable = defaultConcurrencyLevels(max).length;
  if (reachable < min) {
    const where = 'maxConcurrency' in sweep ? ['sweep', 'maxConcurrency'] : ['sweep', 'minPoints'];
    issues.add(
      where,
      `concurrency 1, 2, 3, 4, 6, 8, … up to ${max} gives ${reachable} points but minPoints is ${min}; raise maxConcurrency to ${concurrencyForPoints(min)} or lower minPoints`,
    );
  }
}

function checkIsolated(isolated: unknown, names: ReadonlySet<string>, issues: IssueList): void {
  if (!isRecord(isolated)) return;
  checkAscending(isolated['steps'], ['isolated', 'steps'], issues);
  const list = isolated['workloads'];
  if (!Array.isArray(list)) return;
  list.forEach((name: unknown, i) => {
    if (typeof name === 'string' && !names.has(name)) {
      issues.add(
        ['isolated', 'workloads', i],
        `no workload named '${name}' (the plan has: ${[...names].join(', ')})`,
      );
    }
  });
}

function isKind(value: unknown): value is WorkloadKind {
  return WORKLOAD_KINDS.includes(value as WorkloadKind);
}

function dig(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) node = isRecord(node) ? node[key] : undefined;
  return node;
}
