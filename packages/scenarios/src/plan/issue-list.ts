import { formatPath, type LocateOptions, type PlanLocator, type PlanPath } from './plan-source.js';
import type { PlanIssue } from './plan-error.js';

/** A value that came from a command-line flag rather than the plan file. */
export interface FlagSource {
  readonly path: PlanPath;
  readonly flag: string;
}

/**
 * Collects every problem of a plan. Each is located in the file through its path, or
 * attributed to the flag that supplied the value, so `--steps 5,2` is reported as
 * `--steps: …` and not as a line of a file that does not contain it.
 */
export class IssueList {
  private readonly list: PlanIssue[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly locator: PlanLocator,
    private readonly flags: readonly FlagSource[] = [],
  ) {}

  add(path: PlanPath, message: string, options: LocateOptions = {}): void {
    const flag = this.flags.find((f) => startsWith(path, f.path));
    const issue: PlanIssue =
      flag !== undefined
        ? {
            path: flag.flag,
            message: path.length > flag.path.length ? `${formatPath(path)}: ${message}` : message,
          }
        : {
            path: formatPath(path),
            message: path.length === 0 ? `the plan ${message}` : message,
            ...this.locator.locate(path, options),
          };
    const key = `${issue.path}\u0000${issue.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(issue);
  }

  /** For problems that belong to a flag and no plan path (e.g. an unknown name in --workloads). */
  addFlag(flag: string, message: string): void {
    const key = `${flag}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ path: flag, message });
  }

  get issues(): readonly PlanIssue[] {
    return this.list;
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

function startsWith(path: PlanPath, prefix: PlanPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}
