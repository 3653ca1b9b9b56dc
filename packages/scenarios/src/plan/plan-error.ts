import { HeadroomError } from '../errors.js';

/** One problem of a plan: where it is and what is wrong, in words the author can act on. */
export interface PlanIssue {
  /** Dotted path in the plan ('workloads[0].mix'), or the CLI flag it came from ('--steps'). */
  readonly path: string;
  readonly message: string;
  /** 1-based, in the plan file; absent for plans given as objects and for flags. */
  readonly line?: number;
  readonly column?: number;
}

/**
 * A plan that cannot be used, with every problem found (not only the first), one per line
 * of the message as `file:line:col path: message`. The user can fix it: category 'usage'.
 */
export class PlanError extends HeadroomError {
  readonly issues: readonly PlanIssue[];
  readonly file: string | null;

  constructor(issues: readonly PlanIssue[], file: string | null) {
    const sorted = [...issues].sort(byPosition);
    const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
    const where = file === null ? 'the plan' : file;
    super(
      'INVALID_PLAN',
      'usage',
      `${where} has ${count}:\n${sorted.map((i) => formatIssue(i, file)).join('\n')}`,
    );
    this.issues = sorted;
    this.file = file;
  }
}

/** `file:line:col path: message`, dropping the parts that are unknown. */
export function formatIssue(issue: PlanIssue, file: string | null): string {
  const position = issue.line === undefined ? '' : `:${issue.line}:${issue.column ?? 1}`;
  const prefix = issue.path.startsWith('--') ? '' : file === null ? '' : `${file}${position} `;
  // Problems of the whole file (syntax, not a mapping) have no path to show.
  return issue.path === '' ? `${prefix}${issue.message}` : `${prefix}${issue.path}: ${issue.message}`;
}

function byPosition(a: PlanIssue, b: PlanIssue): number {
  // Flags first (they are what the user just typed), then file order, then unlocated.
  const rank = (i: PlanIssue): number => (i.path.startsWith('--') ? 0 : i.line === undefined ? 2 : 1);
  return rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}
