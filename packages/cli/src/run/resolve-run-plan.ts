/**
 * The plan `headroom run` executes: the file given with --plan, or the default plan, with
 * the command-line overrides applied. Every problem comes back at once in a PlanError
 * (category 'usage', one `path: message` line each) — before anything is started or sent,
 * which is also where a non-loopback target without --allow-host is refused.
 */
import { loadPlan, resolvePlan, type PlanOverrides, type ResolvedPlan } from '@headroom/scenarios';

export async function resolveRunPlan(
  planPath: string | undefined,
  overrides: PlanOverrides,
): Promise<ResolvedPlan> {
  if (planPath !== undefined) return loadPlan(planPath, { overrides });
  return resolvePlan({}, { source: 'default', overrides });
}
