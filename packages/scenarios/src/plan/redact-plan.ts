/**
 * Removes secrets from a resolved plan before it is embedded in a RunResult (and so in
 * every report): the admin token, fixture passwords, credential headers and passwords in
 * URLs. Values are replaced, not deleted, so the plan keeps its shape and a reader sees
 * that a secret was set.
 */
import { REDACTED } from './defaults.js';
import { deepFreeze } from './deep-freeze.js';
import type { ResolvedPlan, TargetPlan, TypedWorkloadPlan, WorkloadPlan } from './types.js';
import { typedWorkload } from './typed-workload.js';

/** Header names whose values are credentials. */
const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|password|api[-_]?key|auth/i;

export function redactPlan(plan: ResolvedPlan): ResolvedPlan {
  return deepFreeze({
    ...plan,
    target: redactTarget(plan.target),
    workloads: plan.workloads.map((w) => redactWorkload(typedWorkload(w))),
  });
}

function redactTarget(target: TargetPlan): TargetPlan {
  if (target.kind === 'bundled') return target;
  return { ...target, url: redactUrl(target.url), adminToken: target.adminToken === null ? null : REDACTED };
}

function redactWorkload(w: TypedWorkloadPlan): WorkloadPlan {
  switch (w.kind) {
    case 'logins':
      return { ...w, options: { ...w.options, password: REDACTED } };
    case 'http': {
      const headers = Object.fromEntries(
        Object.entries(w.options.headers).map(([name, value]) => [
          name,
          SECRET_HEADER.test(name) ? REDACTED : value,
        ]),
      );
      return { ...w, options: { ...w.options, url: redactUrl(w.options.url), headers } };
    }
    case 'orders':
    case 'market-data':
    case 'registrations':
    case 'sessions':
      return w;
  }
}

/** http://user:secret@host/ → http://user:[redacted]@host/ */
function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, `$1:${REDACTED}@`);
}
