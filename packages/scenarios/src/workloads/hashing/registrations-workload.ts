/**
 * Registrations through the real password-hashing path (`POST /v1/users`) at the step's
 * rate: the plan's registrations per day as a peak rate (see the workload's baseline).
 * Every username is new — the run id is in it — so no request is a 409 by construction.
 */
import type { Request } from 'autocannon';
import { HeadroomError } from '../../errors.js';
import type { RegistrationsOptions } from '../../plan/types.js';
import { typedWorkload } from '../../plan/typed-workload.js';
import { createPrng } from '../../random/prng.js';
import { connectionsFor } from '../common/http-requests.js';
import { runRequestStep, runRequestSweep, type RequestWorkloadSpec } from '../common/request-workload-run.js';
import type { StepSpec, Workload, WorkloadContext } from '../workload.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** usernames are at most 64 characters; the sequence number takes the last ones */
const PREFIX_MAX = 48;

export function createRegistrationsWorkload(context: WorkloadContext): Workload {
  const w = typedWorkload(context.workload);
  if (w.kind !== 'registrations') {
    throw new HeadroomError('WRONG_WORKLOAD', 'internal', `registrations got a ${w.kind} workload`);
  }
  const options: RegistrationsOptions = w.options;
  const prng = createPrng(`${context.plan.seed}/${w.name}/passwords`);
  const prefix = `${options.usernamePrefix}${context.runId}`
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .slice(0, PREFIX_MAX);
  let seq = 0;
  const spec: RequestWorkloadSpec = {
    kind: 'registrations',
    name: w.name,
    unit: 'registrations',
    url: `${context.target.baseUrl}/v1/users`,
    timeoutMs: options.timeoutMs,
    request: {
      method: 'POST',
      path: '/v1/users',
      setup: (request: Request): Request => {
        const password = Array.from(
          { length: options.passwordLength },
          () => ALPHABET[prng.nextInt(ALPHABET.length)],
        ).join('');
        request.headers = { 'content-type': 'application/json' };
        request.body = JSON.stringify({ username: `${prefix}-${(seq++).toString(36)}`, password });
        return request;
      },
    },
  };
  return {
    kind: 'registrations',
    name: w.name,
    prepare: () => Promise.resolve(),
    runStep: (step: StepSpec) =>
      runRequestStep(context, spec, step, connectionsFor(w.baseline.value * step.multiplier)),
    sweep: (concurrency, seconds, signal, window) =>
      runRequestSweep(spec, concurrency, seconds, signal, window),
    close: () => Promise.resolve(),
  };
}
