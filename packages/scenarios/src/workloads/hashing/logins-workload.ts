/**
 * Logins through the real password-hashing path (`POST /v1/sessions`) at the step's rate:
 * the plan's active sessions renewed once per session lifetime (see the workload's
 * baseline). The users are provisioned in `prepare` with the plan's fixture password
 * (hashed once by the fixtures route), then logged in round-robin.
 */
import type { Request } from 'autocannon';
import { HeadroomError } from '../../errors.js';
import type { LoginsOptions } from '../../plan/types.js';
import { typedWorkload } from '../../plan/typed-workload.js';
import { provisionUsers } from '../../target/provision-users.js';
import { connectionsFor } from '../common/http-requests.js';
import { namePrefix } from '../common/name-prefix.js';
import { runRequestStep, runRequestSweep, type RequestWorkloadSpec } from '../common/request-workload-run.js';
import type { StepSpec, Workload, WorkloadContext } from '../workload.js';

export function createLoginsWorkload(context: WorkloadContext): Workload {
  const w = typedWorkload(context.workload);
  if (w.kind !== 'logins')
    throw new HeadroomError('WRONG_WORKLOAD', 'internal', `logins got a ${w.kind} workload`);
  const options: LoginsOptions = w.options;
  let usernames: readonly string[] = [];
  let seq = 0;
  const spec: RequestWorkloadSpec = {
    kind: 'logins',
    name: w.name,
    unit: 'logins',
    url: `${context.target.baseUrl}/v1/sessions`,
    timeoutMs: options.timeoutMs,
    request: {
      method: 'POST',
      path: '/v1/sessions',
      setup: (request: Request): Request => {
        const username = usernames[seq++ % usernames.length];
        request.headers = { 'content-type': 'application/json' };
        request.body = JSON.stringify({ username, password: options.password });
        return request;
      },
    },
  };
  return {
    kind: 'logins',
    name: w.name,
    prepare: async () => {
      const provisioned = await provisionUsers(context.target, {
        users: options.users,
        usernamePrefix: namePrefix(context.runId, w.name, 'lgn'),
        password: options.password,
      });
      usernames = provisioned.usernames;
      context.log(`${w.name}: ${usernames.length} users to log in as (via ${provisioned.via})`);
    },
    runStep: (step: StepSpec) =>
      runRequestStep(context, spec, step, connectionsFor(w.baseline.value * step.multiplier)),
    sweep: (concurrency, seconds, signal, window) =>
      runRequestSweep(spec, concurrency, seconds, signal, window),
    close: () => Promise.resolve(),
  };
}
