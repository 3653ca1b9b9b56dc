/**
 * One step (open model) or one sweep point (closed model) of a workload that sends one
 * kind of HTTP request: registrations, logins, the generic http workload. The workload
 * supplies the request; this runs it at the step's rate and shapes the result.
 */
import type { DriverResult } from '../../drivers/driver-types.js';
import { runClosedHttp, runOpenHttp } from '../../drivers/http/run-http.js';
import type { WorkloadKind } from '../../plan/types.js';
import type { WorkloadStepResult } from '../../result/types.js';
import { emptyStepResult } from './empty-step-result.js';
import { rejectCode, tickingRequest, type GeneratedRequest } from './http-requests.js';
import { LiveTicker } from './live-ticker.js';
import { stepResultFromDriver } from './step-result-from-driver.js';
import type { StepSpec, SweepWindow, WorkloadContext } from '../workload.js';

export interface RequestWorkloadSpec {
  readonly kind: WorkloadKind;
  readonly name: string;
  /** what one operation is: 'registrations', 'logins', 'requests' */
  readonly unit: string;
  /** full URL the requests go to (its path is the request's unless the request names one) */
  readonly url: string;
  readonly request: GeneratedRequest;
  /** ms */
  readonly timeoutMs: number;
  /** when set, the answer's error code comes from this instead of the target's error body */
  readonly errorCode?: (status: number, body: string) => string | undefined;
}

/** operations expected in a step below which its latency figures rest on too few samples */
const FEW_OPERATIONS = 20;

export async function runRequestStep(
  context: WorkloadContext,
  spec: RequestWorkloadSpec,
  step: StepSpec,
  connections: number,
): Promise<WorkloadStepResult> {
  const targetRate = context.workload.baseline.value * step.multiplier;
  if (!(targetRate > 0)) {
    return emptyStepResult(spec.kind, spec.name, spec.unit, 0, [`No ${spec.unit}: the step rate is 0/s.`]);
  }
  const ticker = new LiveTicker(spec.name, step.onTick);
  ticker.start(step.warmupSeconds);
  let driver: DriverResult;
  try {
    driver = await runOpenHttp({
      url: spec.url,
      connections,
      requests: [tickingRequest(spec.request, ticker)],
      errorCode: spec.errorCode ?? ((status, body) => (status < 400 ? undefined : rejectCode(status, body))),
      ratePerSecond: targetRate,
      arrival: context.workload.arrival,
      seed: `${context.plan.seed}/${spec.name}`,
      stream: step.index,
      durationSeconds: step.durationSeconds,
      warmupSeconds: step.warmupSeconds,
      timeoutMs: spec.timeoutMs,
      signal: context.signal,
      onMeasureStart: () => {
        ticker.measureStarted();
        step.onMeasureStart?.();
      },
      ...(step.onMeasureEnd === undefined ? {} : { onMeasureEnd: step.onMeasureEnd }),
    });
  } finally {
    ticker.stop();
  }
  const expected = targetRate * step.durationSeconds;
  const notes =
    expected < FEW_OPERATIONS
      ? [
          `At ${round(targetRate)} ${spec.unit}/s a ${step.durationSeconds} s step expects only ${round(expected)} ${spec.unit}: its latency figures rest on few samples.`,
        ]
      : [];
  return stepResultFromDriver({
    kind: spec.kind,
    name: spec.name,
    unit: spec.unit,
    targetRate,
    driver,
    notes,
  });
}

/** The closed model at `concurrency` connections, one request in flight each. */
export function runRequestSweep(
  spec: RequestWorkloadSpec,
  concurrency: number,
  seconds: number,
  signal: AbortSignal,
  window: SweepWindow = {},
): Promise<DriverResult> {
  return runClosedHttp({
    url: spec.url,
    connections: concurrency,
    requests: [tickingRequest(spec.request, undefined)],
    errorCode: spec.errorCode ?? ((status, body) => (status < 400 ? undefined : rejectCode(status, body))),
    durationSeconds: seconds,
    warmupSeconds: window.warmupSeconds ?? 1,
    timeoutMs: spec.timeoutMs,
    signal,
    ...(window.onMeasureStart === undefined ? {} : { onMeasureStart: window.onMeasureStart }),
    ...(window.onMeasureEnd === undefined ? {} : { onMeasureEnd: window.onMeasureEnd }),
  });
}

function round(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : String(Number(x.toPrecision(3)));
}
