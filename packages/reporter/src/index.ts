export {
  HeadroomError,
  InvalidCsvError,
  InvalidResultsError,
  ReportWriteError,
  UslInputError,
  type ErrorCategory,
} from './errors.js';

// Analysis: pure functions of a RunResult.
export {
  analyze,
  type Analysis,
  type GeneratorBoundStep,
  type TargetGap,
  type WorkloadAnalysis,
} from './analysis/analyze.js';
export type { Headline } from './analysis/headline.js';
export type { BottleneckAnalysis, Contention, StepLaws, UnexplainedGap } from './analysis/bottleneck.js';
export { applyOperationalLaws, type IntervalLaws, type ResourceLaw } from './analysis/operational-laws.js';
export type {
  Knee,
  StepCheck,
  StepVerdict,
  ThroughputPlateau,
  WorkloadSaturation,
} from './analysis/saturation.js';
export type { GapCell, GapVerdict, TargetRow } from './analysis/target-gap.js';
export type { StorageProjection, StorageRow } from './analysis/storage-projection.js';
export type { Recommendation, Remedy } from './analysis/recommendations.js';
export type { UslAnalysis } from './analysis/usl-analysis.js';
export type { LatencySpectrum, SpectrumPoint } from './analysis/latency-spectrum.js';
export {
  fitUsl,
  predictUsl,
  USL_EXTRAPOLATION_FACTOR,
  USL_MIN_POINTS,
  type UslFit,
  type UslFlag,
  type UslFlagCode,
  type UslPoint,
} from './analysis/usl/fit-usl.js';
export {
  concurrencyForThroughput,
  peakConcurrency,
  peakThroughput,
  uslThroughput,
  type UslParams,
} from './analysis/usl/usl-model.js';
export { planScaleOut, type ScaleOutPlan, type SharedLimit } from './analysis/usl/scale-out.js';
export { parseUslPointsCsv } from './analysis/usl/parse-points-csv.js';

// Reading results and rendering reports.
export { loadRunResult, parseRunResult } from './load/load-run-result.js';
export { checkRunResult, SUPPORTED_SCHEMA_VERSION } from './load/check-run-result.js';
export { renderReport, type ReportFiles } from './render/render-report.js';
export { renderHtml } from './render/html-report.js';
export { renderSummaryMarkdown } from './render/summary-markdown.js';
export { renderJunitXml } from './render/junit-xml.js';
export { uslReport, type UslPrediction, type UslReport } from './analysis/usl/usl-report.js';
export { readUslPointsCsv } from './analysis/usl/read-points-csv.js';
export { formatUslReport } from './render/usl-text.js';

// Comparing two runs: the regression gate.
export { compareRuns } from './compare/compare-runs.js';
export { renderComparisonMarkdown } from './compare/comparison-markdown.js';
export { ComparisonError } from './compare/comparison-error.js';
export type {
  ChangeVerdict,
  CompareOptions,
  Comparison,
  ComparisonRow,
  MetricChange,
  MetricName,
  RunRef,
  SweepChange,
} from './compare/comparison-types.js';
