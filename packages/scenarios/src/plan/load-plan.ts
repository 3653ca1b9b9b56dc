/**
 * Reading plans: a YAML or JSON file (JSON is YAML) parsed with yaml's document API, so
 * every problem found later can be pointed at by line and column.
 */

import { LineCounter, parseDocument } from 'yaml';

import { readUserFile } from '../read-user-file.js';
import type { PlanOverrides } from './overrides.js';
import { PlanError, type PlanIssue } from './plan-error.js';
import { yamlLocator } from './plan-source.js';
import { resolvePlan } from './resolve-plan.js';
import type { ResolvedPlan } from './types.js';

export interface LoadPlanOptions {
  readonly overrides?: PlanOverrides;
}

/** Parses, validates and resolves plan text. `file` names the source in errors. */
export function parsePlanText(text: string, file: string, options: LoadPlanOptions = {}): ResolvedPlan {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues: PlanIssue[] = doc.errors.map((error) => {
      const { line, col } = lines.linePos(error.pos[0]);
      return { path: '', message: `YAML syntax: ${firstLine(error.message)}`, line, column: col };
    });
    throw new PlanError(issues, file);
  }
  let input: unknown;
  try {
    // A file with only comments is the default plan. The alias limit stops "billion laughs".
    input = doc.contents === null ? {} : doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new PlanError([{ path: '', message: `YAML: ${(error as Error).message}` }], file);
  }
  return resolvePlan(input, { file, overrides: options.overrides, locator: yamlLocator(doc, lines) });
}

/** Reads a plan file (YAML or JSON) and returns it resolved; every problem in one PlanError. */
export async function loadPlan(path: string, options: LoadPlanOptions = {}): Promise<ResolvedPlan> {
  const text = await readUserFile(path, 'plan file', 'PLAN_NOT_FOUND');
  return parsePlanText(text, path, options);
}

let cached: ResolvedPlan | null = null;

/** The default plan: the capacity table of DESIGN §2 at 1x, 2x, 5x and 10x, every workload. */
export function defaultPlan(): ResolvedPlan {
  cached ??= resolvePlan({}, { source: 'default' });
  return cached;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
