export type * from './plan/types.js';
export type * from './result/types.js';
export { RUN_RESULT_SCHEMA_VERSION } from './result/types.js';
export { HeadroomError, type ErrorCategory } from './errors.js';
// Capacity plans: loading, validation, resolution, the default plan and its published schema.
export { loadPlan, parsePlanText, defaultPlan, type LoadPlanOptions } from './plan/load-plan.js';
export { resolvePlan, type ResolveOptions } from './plan/resolve-plan.js';
export type { PlanOverrides } from './plan/overrides.js';
export { PlanError, formatIssue, type PlanIssue } from './plan/plan-error.js';
export { redactPlan } from './plan/redact-plan.js';
export { typedWorkload } from './plan/typed-workload.js';
export { renderDefaultPlanYaml } from './plan/render-default-plan.js';
export { estimatePlanDuration, type PlanDurationEstimate } from './plan/estimate-duration.js';
export {
  compileTemplate,
  type CompiledTemplate,
  type TemplateContext,
  type TemplateCompile,
} from './plan/template.js';
export { parseDuration, parseSize, parseFraction, isLoopbackHost, type Parsed } from './plan/units.js';
export { PLAN_SCHEMA } from './plan/plan-schema.js';
export { REDACTED } from './plan/defaults.js';
// Thresholds: k6-like expressions and their evaluation against measured steps.
export {
  parseThreshold,
  type ParsedThreshold,
  type ThresholdParse,
  type ThresholdMetric,
  type ThresholdLimit,
  type Comparison,
} from './thresholds/parse-threshold.js';
export { evaluateThresholds } from './thresholds/evaluate-thresholds.js';
export { KNOWN_MEASURES } from './thresholds/metrics.js';
// RunResult I/O.
export { validateRunResult, ResultsError } from './result/validate-run-result.js';
export { readRunResult } from './result/read-run-result.js';
export { writeRunResult, writeFileAtomic } from './result/write-run-result.js';
export { RUN_RESULT_SCHEMA } from './result/run-result-schema.js';
export { environmentInfo, openFileLimit } from './result/environment-info.js';
export { emptyLatencySummary, emptyLatencyResult } from './result/empty-latency-summary.js';
export { writeDefaultPlan } from './plan/write-default-plan.js';
// Measurement: seeded randomness, arrival schedules, HDR latency recording (corrected and raw).
export { createPrng, type Prng } from './random/prng.js';
export { ArrivalSchedule, type ArrivalScheduleOptions } from './measure/arrival-schedule.js';
export { LatencyRecorder, TIMEOUT_CODE, type RecorderCounts } from './measure/latency-recorder.js';
export {
  createLatencyHistogram,
  summarizeHistogram,
  encodeHistogram,
  decodeHistogram,
  mergeLatencyResults,
  toMicros,
  LATENCY_LOWEST_US,
  LATENCY_HIGHEST_US,
  LATENCY_SIGNIFICANT_DIGITS,
  type Histogram,
} from './measure/latency-histogram.js';
export { LatenessTracker, LATE_SEND_TOLERANCE_MS, type LatenessSummary } from './measure/lateness-tracker.js';
export { NOT_SENT_CODE } from './measure/run-ledger.js';
// Load drivers: HTTP through autocannon, WebSocket through ws; open and closed model.
export type {
  DriverResult,
  DriverCounts,
  OpenLoadOptions,
  RunWindowOptions,
} from './drivers/driver-types.js';
export { DriverOptionsError, TargetUnreachableError } from './drivers/driver-error.js';
export { errorCodeOf, BUILD_FAILED_CODE } from './drivers/error-code.js';
export {
  runOpenHttp,
  runClosedHttp,
  type OpenHttpOptions,
  type ClosedHttpOptions,
} from './drivers/http/run-http.js';
export type { HttpTargetOptions } from './drivers/http/http-options.js';
export {
  runOpenWebSocket,
  runClosedWebSocket,
  type OpenWebSocketOptions,
  type ClosedWebSocketOptions,
} from './drivers/websocket/run-websocket.js';
export type { WebSocketProtocol, WebSocketTargetOptions } from './drivers/websocket/websocket-options.js';
// The generator watching itself.
export { GeneratorMonitor, type GeneratorSample } from './monitor/generator-monitor.js';
export {
  assessGeneratorHealth,
  combineGeneratorHealth,
  ELU_BOUND,
  CPU_BOUND_CORES,
  LATE_SEND_P99_BOUND_MS,
  LAG_P99_BOUND_MS,
  ACHIEVED_RATIO_BOUND,
  SATURATED_ELU,
  STARVED_ELU,
  type HealthInputs,
} from './monitor/generator-health.js';
// Target metrics (the resource contract) per step.
export {
  scrapeMetrics,
  parseMetrics,
  type MetricsSnapshot,
  type MetricSample,
  type ScrapeOutcome,
} from './target-metrics/scrape-metrics.js';
export { computeTargetDeltas, DEFAULT_GAUGES } from './target-metrics/target-deltas.js';
export {
  TargetMetricsSampler,
  type TargetSample,
  type TargetMetricsSamplerOptions,
} from './target-metrics/target-metrics-sampler.js';
// Closed-model concurrency sweep for the USL fit.
export {
  runConcurrencySweep,
  type ConcurrencySweepOptions,
  type ClosedRunner,
} from './sweep/concurrency-sweep.js';
export { defaultConcurrencyLevels } from './sweep/concurrency-levels.js';
export { sweepStopReason, type StopRule, type MeasuredLevel } from './sweep/sweep-stop-rule.js';
// Workloads and the plan runner: a ResolvedPlan → a RunResult, by driving the target.
export type {
  Workload,
  WorkloadContext,
  WorkloadFactory,
  TargetEndpoint,
  StepSpec,
  SweepWindow,
  WorkloadTick,
} from './workloads/workload.js';
export { WORKLOAD_FACTORIES, createWorkload } from './workloads/registry.js';
export { runPlan } from './runner/run-plan.js';
export type { RunPlanOptions, ProgressEvent, RunPlan } from './runner/run-plan-types.js';
export { createRunId } from './runner/run-identity.js';
// The target: the bundled reference system as a child process, and set-up requests.
export {
  startBundledSystem,
  type BundledSystem,
  type BundledSystemOptions,
  type ExitStatus,
} from './target/start-bundled-system.js';
export { probeTarget, type TargetProbe } from './target/probe-target.js';
export { fetchInstruments, type InstrumentInfo } from './target/fetch-instruments.js';
export { provisionUsers, type ProvisionRequest, type ProvisionedUsers } from './target/provision-users.js';
// The sessions workload: concurrent connections held with heartbeats, and what limited them.
export {
  createSessionsWorkload,
  explainSessionsLimit,
  planSessionsLayout,
  ephemeralPortRange,
  type LimitInput,
  type SessionsLayout,
  type LayoutInput,
  type PortRange,
} from './workloads/sessions/index.js';
