/**
 * The shape of a plan file as written, after it has passed the JSON Schema: every field
 * optional, durations and sizes still strings or numbers. `resolvePlan` turns it into a
 * `ResolvedPlan`. Kept beside the schema (plan-schema.ts), which is the authority.
 */
import type { ArrivalProcess, WorkloadKind } from './types.js';

export type DurationInput = string | number;
export type FractionInput = string | number;

export interface PlanInput {
  $schema?: string;
  name?: string;
  description?: string;
  seed?: number;
  target?: TargetInput;
  capacity?: CapacityInput;
  steps?: number[];
  duration?: DurationInput;
  warmup?: DurationInput;
  loadScale?: number;
  workloads?: WorkloadInput[];
  sweep?: {
    enabled?: boolean;
    workload?: string;
    maxConcurrency?: number;
    pointDuration?: DurationInput;
    minPoints?: number;
  };
  isolated?: { enabled?: boolean; workloads?: string[]; steps?: number[] };
  thresholds?: Record<string, ThresholdInput[]>;
}

export type TargetInput =
  | { kind: 'bundled'; shards?: number; fsync?: 'always' | 'batch' | 'off'; instruments?: number }
  | { kind: 'url'; url: string; allowHost?: string | null; metricsPath?: string; adminToken?: string | null };

export interface CapacityInput {
  concurrentUsers?: number;
  activeSessions?: number;
  registrationsPerDay?: number;
  registrationPeakFactor?: number;
  ordersPerSecond?: number;
  tradesPerSecond?: number;
  marketDataUpdatesPerSecond?: number;
  instruments?: number;
  historicalData?: string | number;
  dailyGrowth?: string | number;
  targetMultiplier?: number;
}

export interface SloInput {
  p99?: DurationInput;
  errorBudget?: FractionInput;
  minAchievedRatio?: FractionInput;
  gate?: boolean;
}

/** Fields every workload has; the kind-specific ones sit beside them (flat, like k6 scenarios). */
export interface WorkloadInput {
  kind: WorkloadKind;
  name?: string;
  arrival?: ArrivalProcess;
  slo?: SloInput;
  timeout?: DurationInput;
  ratePerSecond?: number;
  [option: string]: unknown;
}

export type ThresholdInput = string | { threshold: string; steps?: number[] };
