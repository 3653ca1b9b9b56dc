/**
 * Small builders for the plan's JSON Schema: each field gets its type, limits, default
 * and the description editors show.
 */
import { DURATION_HINT, FRACTION_HINT, SIZE_HINT } from './units.js';

export type Schema = Record<string, unknown>;

/** Workload and threshold keys: usable in `--workloads a,b` and as YAML keys without quoting. */
export const WORKLOAD_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';

export const duration = (description: string, def?: string): Schema => ({
  description: `${description} ${DURATION_HINT}.`,
  type: ['string', 'number'],
  format: 'duration',
  minimum: 0,
  ...(def === undefined ? {} : { default: def }),
});
export const fraction = (description: string, def?: string | number): Schema => ({
  description: `${description} ${FRACTION_HINT}.`,
  type: ['string', 'number'],
  format: 'fraction',
  minimum: 0,
  maximum: 1,
  ...(def === undefined ? {} : { default: def }),
});
export const size = (description: string, def: string): Schema => ({
  description: `${description} ${SIZE_HINT}.`,
  type: ['string', 'number'],
  format: 'size',
  minimum: 0,
  default: def,
});
export const int = (description: string, min: number, def?: number, max?: number): Schema => ({
  description,
  type: 'integer',
  minimum: min,
  ...(max === undefined ? {} : { maximum: max }),
  ...(def === undefined ? {} : { default: def }),
});
export interface NumberLimits {
  min?: number;
  /** exclusive minimum */
  above?: number;
  max?: number;
  def?: number;
}
export const num = (description: string, { min, above, max, def }: NumberLimits): Schema => ({
  description,
  type: 'number',
  ...(min === undefined ? {} : { minimum: min }),
  ...(above === undefined ? {} : { exclusiveMinimum: above }),
  ...(max === undefined ? {} : { maximum: max }),
  ...(def === undefined ? {} : { default: def }),
});
export const object = (description: string, properties: Schema, extra: Schema = {}): Schema => ({
  description,
  type: 'object',
  additionalProperties: false,
  properties,
  ...extra,
});

export const steps = (description: string, def?: readonly number[]): Schema => ({
  description,
  type: 'array',
  minItems: 1,
  items: { type: 'number', exclusiveMinimum: 0, maximum: 1000 },
  ...(def === undefined ? {} : { default: def }),
});
