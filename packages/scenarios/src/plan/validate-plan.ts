import type { ValidateFunction } from 'ajv';

import { IssueList, type FlagSource } from './issue-list.js';
import { PlanError } from './plan-error.js';
import type { PlanInput } from './plan-input.js';
import { PLAN_SCHEMA } from './plan-schema.js';
import type { PlanLocator } from './plan-source.js';
import { createAjv, schemaIssues } from './schema-issues.js';
import { semanticChecks, type SemanticContext } from './semantic-checks.js';

let compiled: ValidateFunction | null = null;

/** The compiled plan schema, built once per process (compiling takes a few ms). */
function planValidator(): ValidateFunction {
  compiled ??= createAjv().compile(PLAN_SCHEMA);
  return compiled;
}

export interface ValidationContext extends SemanticContext {
  readonly locator: PlanLocator;
  readonly flags: readonly FlagSource[];
  readonly flagIssues: readonly { readonly flag: string; readonly message: string }[];
  readonly file: string | null;
}

/**
 * Validates a plan input against the schema and the semantic rules together, and throws
 * one PlanError listing every problem found. Returns the input typed once it is valid.
 */
export function validatePlanInput(input: unknown, context: ValidationContext): PlanInput {
  const issues = new IssueList(context.locator, context.flags);
  for (const { flag, message } of context.flagIssues) issues.addFlag(flag, message);
  const validate = planValidator();
  if (!validate(input)) {
    for (const issue of schemaIssues(validate.errors, input))
      issues.add(issue.path, issue.message, { key: issue.atKey });
  }
  semanticChecks(input, issues, context);
  if (!issues.empty) throw new PlanError(issues.issues, context.file);
  return input as PlanInput;
}
