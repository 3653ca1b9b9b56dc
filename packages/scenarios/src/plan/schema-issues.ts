/**
 * ajv errors → issues a person can act on: the path of the offending value, a message that
 * says what is expected (and what was found), and whether to point at the key or the
 * value. Shared by plan validation and RunResult validation.
 */
import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';

import {
  DURATION_HINT,
  FRACTION_HINT,
  SIZE_HINT,
  isLoopbackIpv4,
  parseDuration,
  parseFraction,
  parseSize,
} from './units.js';
import { pointerToPath, type PathSegment } from './plan-source.js';

export interface SchemaIssue {
  readonly path: PathSegment[];
  readonly message: string;
  /** True when the key itself is wrong (an unknown field): point at the key. */
  readonly atKey: boolean;
}

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const loaded = addFormatsModule as unknown as FormatsPlugin & { default?: FormatsPlugin };
const addFormats: FormatsPlugin = loaded.default ?? loaded;

/** One configured ajv: every error at once, discriminated unions, the plan's unit formats. */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    discriminator: true,
    allowUnionTypes: true,
    ...options,
  });
  addFormats(ajv, ['uri', 'date-time']);
  ajv.addFormat('duration', { type: 'string', validate: (s: string) => parseDuration(s).ok });
  ajv.addFormat('size', { type: 'string', validate: (s: string) => parseSize(s).ok });
  ajv.addFormat('fraction', { type: 'string', validate: (s: string) => parseFraction(s).ok });
  ajv.addFormat('loopback-ipv4', { type: 'string', validate: isLoopbackIpv4 });
  return ajv;
}

const FORMAT_HINTS: Readonly<Record<string, string>> = {
  duration: DURATION_HINT,
  size: SIZE_HINT,
  fraction: FRACTION_HINT,
  'loopback-ipv4': 'a loopback IPv4 address 127.x.y.z',
  uri: 'an absolute URL like http://127.0.0.1:8080',
  'date-time': 'an ISO 8601 date-time like 2025-01-31T12:00:00.000Z',
};

const PATTERN_HINTS: Readonly<Record<string, string>> = {
  '^/': "must start with '/'",
  '^[A-Za-z0-9][A-Za-z0-9._-]*$':
    "must start with a letter or digit and use only letters, digits, '.', '_' and '-'",
};

export function schemaIssues(
  errors: readonly ErrorObject[] | null | undefined,
  value: unknown,
): SchemaIssue[] {
  const list = errors ?? [];
  const missing = new Set(
    list
      .filter((e) => e.keyword === 'required')
      .map((e) => `${e.instancePath}/${String(e.params['missingProperty'])}`),
  );
  const issues: SchemaIssue[] = [];
  for (const error of list) {
    const path = pointerToPath(error.instancePath, value);
    const issue = describe(error, path, missing);
    if (issue !== null) issues.push(issue);
  }
  return issues;
}

function describe(error: ErrorObject, path: PathSegment[], missing: ReadonlySet<string>): SchemaIssue | null {
  const params = error.params as Record<string, unknown>;
  const got = error.data;
  const plain = (message: string): SchemaIssue => ({ path, message, atKey: false });
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params['additionalProperty']);
      const known = Object.keys((error.parentSchema?.['properties'] as object | undefined) ?? {});
      return { path: [...path, field], message: `unknown field${suggest(field, known)}`, atKey: true };
    }
    case 'required':
      return { path: [...path, String(params['missingProperty'])], message: 'is required', atKey: false };
    case 'discriminator': {
      const tag = String(params['tag']);
      // A missing tag is already reported by `required`.
      if (params['error'] === 'tag' && missing.has(`${error.instancePath}/${tag}`)) return null;
      const options = (
        (error.parentSchema?.['oneOf'] as { properties: Record<string, { const: string }> }[]) ?? []
      ).map((branch) => branch.properties[tag]?.const);
      const value = params['tagValue'] === undefined ? '' : ` (got ${show(params['tagValue'])})`;
      return { path: [...path, tag], message: `must be one of: ${options.join(', ')}${value}`, atKey: false };
    }
    case 'type':
      return plain(`must be ${article(String(params['type']).split(',').join(' or '))}, not ${kindOf(got)}`);
    case 'format': {
      const hint = FORMAT_HINTS[String(params['format'])];
      return plain(hint === undefined ? (error.message ?? 'is invalid') : `${show(got)} is not ${hint}`);
    }
    case 'enum':
      return plain(
        `must be one of: ${(params['allowedValues'] as unknown[]).map((v) => String(v)).join(', ')} (got ${show(got)})`,
      );
    case 'const':
      return plain(`must be ${show(params['allowedValue'])} (got ${show(got)})`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return plain(`must be ${String(params['comparison'])} ${String(params['limit'])} (got ${show(got)})`);
    case 'minItems':
      return plain(`must have at least ${String(params['limit'])} item${params['limit'] === 1 ? '' : 's'}`);
    case 'uniqueItems':
      return plain(
        `must not repeat a value (items ${String(params['j'])} and ${String(params['i'])} are equal)`,
      );
    case 'minLength':
      return plain(
        params['limit'] === 1
          ? 'must not be empty'
          : `must be at least ${String(params['limit'])} characters`,
      );
    case 'pattern': {
      const pattern = String(params['pattern']);
      return plain(`${PATTERN_HINTS[pattern] ?? `must match ${pattern}`} (got ${show(got)})`);
    }
    default:
      return plain(error.message ?? `fails ${error.keyword}`);
  }
}

function suggest(field: string, known: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(field.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  if (best !== null && bestDistance <= Math.max(2, Math.floor(field.length / 3)))
    return ` (did you mean '${best}'?)`;
  return known.length > 0 && known.length <= 12 ? ` (expected one of: ${known.join(', ')})` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function article(types: string): string {
  return /^(integer|object|array)/.test(types) ? `an ${types}` : `a ${types}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value === 'string' ? 'the string' : typeof value} ${show(value)}`;
}

/** A value as the user wrote it, short enough for one line. */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
