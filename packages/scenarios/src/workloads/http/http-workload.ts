/**
 * The generic http workload: one request (method, URL or path, header and body templates
 * with generated fields) at the step's rate, so headroom can load any HTTP service.
 * Success is a status in `expectStatus`; anything else fails as HTTP_<status>.
 */
import type { Request } from 'autocannon';
import { HeadroomError } from '../../errors.js';
import type { HttpOptions } from '../../plan/types.js';
import { compileTemplate, type CompiledTemplate, type TemplateContext } from '../../plan/template.js';
import { typedWorkload } from '../../plan/typed-workload.js';
import { createPrng } from '../../random/prng.js';
import { runRequestStep, runRequestSweep, type RequestWorkloadSpec } from '../common/request-workload-run.js';
import type { StepSpec, Workload, WorkloadContext } from '../workload.js';

export function createHttpWorkload(context: WorkloadContext): Workload {
  const w = typedWorkload(context.workload);
  if (w.kind !== 'http')
    throw new HeadroomError('WRONG_WORKLOAD', 'internal', `http got a ${w.kind} workload`);
  const options: HttpOptions = w.options;
  const url = new URL(
    /^[a-z][a-z0-9+.-]*:\/\//i.test(options.url) ? options.url : `${context.target.baseUrl}${options.url}`,
  );
  const body = options.body === null ? null : compile(options.body, `workloads.${w.name}.body`);
  const headers = Object.entries(options.headers).map(
    ([name, value]) => [name, compile(value, `workloads.${w.name}.headers.${name}`)] as const,
  );
  const random = createPrng(`${context.plan.seed}/${w.name}`);
  const templateContext = (seq: number): TemplateContext => ({
    seq,
    random: () => random.next(),
    env: process.env,
  });
  let seq = 0;
  const spec: RequestWorkloadSpec = {
    kind: 'http',
    name: w.name,
    unit: 'requests',
    url: url.href,
    timeoutMs: options.timeoutMs,
    errorCode: (status) => (options.expectStatus.includes(status) ? undefined : `HTTP_${status}`),
    request: {
      method: options.method,
      path: `${url.pathname}${url.search}`,
      ok: (status) => options.expectStatus.includes(status),
      // Rendered per request: templates may hold {{seq}}, {{uuid}}, {{env …}}.
      setup: (request: Request) => render(request, ++seq),
    },
  };
  function render(request: Request, n: number): Request {
    const c = templateContext(n);
    const rendered: Record<string, string> = Object.fromEntries(
      headers.map(([name, t]) => [name, t.render(c)]),
    );
    if (body !== null) {
      rendered['content-type'] ??= 'application/json';
      request.body = body.render(c);
    }
    request.headers = rendered;
    return request;
  }
  return {
    kind: 'http',
    name: w.name,
    prepare: () => Promise.resolve(),
    runStep: (step: StepSpec) => runRequestStep(context, spec, step, options.connections),
    sweep: (concurrency, seconds, signal, window) =>
      runRequestSweep(spec, concurrency, seconds, signal, window),
    close: () => Promise.resolve(),
  };
}

function compile(source: string, path: string): CompiledTemplate {
  const compiled = compileTemplate(source);
  if (!compiled.ok) {
    throw new HeadroomError(
      'INVALID_TEMPLATE',
      'usage',
      `${path}: ${compiled.message} (column ${compiled.column})`,
    );
  }
  return compiled.template;
}
