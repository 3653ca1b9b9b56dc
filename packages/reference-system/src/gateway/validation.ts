import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Two validators: bodies and WebSocket messages are checked exactly as sent (no
 * coercion, no silently removed fields); query strings and path parameters are text by
 * nature, so there "10" may become 10 and defaults fill in.
 */
export function createValidators(): {
  strict: Ajv;
  coercing: Ajv;
  compiler: FastifySchemaCompiler<unknown>;
} {
  // strictRequired off: an if/then may require a field declared in the outer schema's properties.
  const common = { allErrors: false, allowUnionTypes: true, strict: true, strictRequired: false } as const;
  const strict = new Ajv({ ...common, coerceTypes: false, removeAdditional: false, useDefaults: false });
  const coercing = new Ajv({ ...common, coerceTypes: true, removeAdditional: false, useDefaults: true });
  const compiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema as object);
  return { strict, coercing, compiler };
}

/**
 * Ajv errors as one sentence naming the field and what is wrong with it, e.g.
 * "body/quantity must be >= 1" or "body has unknown field 'colour'".
 */
export function formatSchemaErrors(
  errors: readonly ErrorObject[] | null | undefined,
  dataVar: string,
): string {
  if (errors === null || errors === undefined || errors.length === 0) return `${dataVar} is not valid`;
  // A failed if/then reports the 'then' error and an 'if' error that adds nothing.
  const useful = errors.filter((e) => e.keyword !== 'if');
  return (useful.length > 0 ? useful : errors).map((e) => describe(e, dataVar)).join('; ');
}

function describe(error: ErrorObject, dataVar: string): string {
  const at = `${dataVar}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at} has unknown field '${String(params.additionalProperty)}'`;
    case 'required':
      return `${at} is missing required field '${String(params.missingProperty)}'`;
    case 'enum':
      return `${at} must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `${at} must be ${JSON.stringify(params.allowedValue)}`;
    case 'if':
      return `${at} is missing a field its type requires`;
    default:
      return `${at} ${error.message ?? 'is not valid'}`;
  }
}

/** Fastify's schemaErrorFormatter, using the wording above. */
export function fastifySchemaErrorFormatter(errors: unknown, dataVar: string): Error {
  return new Error(formatSchemaErrors(errors as ErrorObject[], dataVar));
}

export type Validator = ValidateFunction;
