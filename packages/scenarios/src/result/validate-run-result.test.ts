import { describe, expect, it } from 'vitest';

import { RUN_RESULT_SCHEMA } from './run-result-schema.js';
import { sampleRunResult } from './sample-run-result.js';
import { validateRunResult } from './validate-run-result.js';

// Parsed JSON, mutated at depth to break it in chosen places.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** A deep, mutable copy of the sample, as a parsed results.json would be. */
function sample(): Record<string, Loose> {
  return JSON.parse(JSON.stringify(sampleRunResult())) as Record<string, Loose>;
}

function problems(json: unknown): string {
  try {
    validateRunResult(json, 'results.json');
  } catch (error) {
    expect(error).toMatchObject({ code: 'INVALID_RESULTS', category: 'usage' });
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('validateRunResult', () => {
  it('accepts a complete RunResult and returns it', () => {
    const json = sample();
    expect(validateRunResult(json)).toBe(json);
  });

  it('accepts fields added within v1 (tolerant reader)', () => {
    const json = sample();
    json['futureField'] = { anything: true };
    json['steps'][0].workloads[0].newMeasure = 3;
    expect(() => validateRunResult(json)).not.toThrow();
  });

  it.each([
    [[], /expected a JSON object, found an array/],
    [null, /expected a JSON object, found null/],
    ['results', /expected a JSON object, found string/],
  ])('refuses %j', (json, message) => {
    expect(problems(json)).toMatch(message);
  });

  it('refuses an unknown schemaVersion, naming the one it reads', () => {
    const json = sample();
    json['schemaVersion'] = 2;
    expect(problems(json)).toBe(
      'results.json has schemaVersion 2; this headroom reads RunResult schemaVersion 1',
    );
    delete json['schemaVersion'];
    expect(problems(json)).toBe(
      'results.json has no schemaVersion; this headroom reads RunResult schemaVersion 1',
    );
  });

  it('lists every problem as path: message', () => {
    const json = sample();
    json['status'] = 'done';
    json['startedAt'] = 'yesterday';
    delete json['environment'].cpus;
    json['steps'][0].workloads[0].latency.corrected.p99 = '9ms';
    json['steps'][0].workloads[0].counts.errors = -1;
    json['steps'][0].workloads[0].errorsByCode = { OVERLOADED: 'many' };
    json['steps'][0].target.processCpuSeconds = 'n/a';
    json['thresholds'][0].passed = 'yes';
    json['plan'].workloads[0].kind = 'trading';
    const message = problems(json).split('\n');
    expect(message[0]).toBe('results.json is not a valid RunResult (9 problems):');
    expect(message.slice(1).sort()).toEqual(
      [
        "status: must be one of: complete, interrupted, aborted (got 'done')",
        "startedAt: 'yesterday' is not an ISO 8601 date-time like 2025-01-31T12:00:00.000Z",
        'environment.cpus: is required',
        "steps[0].workloads[0].latency.corrected.p99: must be a number, not the string '9ms'",
        'steps[0].workloads[0].counts.errors: must be >= 0 (got -1)',
        "steps[0].workloads[0].errorsByCode.OVERLOADED: must be an integer, not the string 'many'",
        "steps[0].target.processCpuSeconds: must be a number or null, not the string 'n/a'",
        "thresholds[0].passed: must be a boolean, not the string 'yes'",
        "plan.workloads[0].kind: must be one of: orders, market-data, registrations, logins, sessions, http (got 'trading')",
      ].sort(),
    );
  });

  it('caps a flood of problems', () => {
    const json = sample();
    json['steps'] = Array.from({ length: 80 }, () => ({}));
    const message = problems(json).split('\n');
    expect(message.at(-1)).toMatch(/^… and \d+ more$/);
    expect(message).toHaveLength(52);
  });
});

describe('the RunResult schema', () => {
  /** Paths of object keys in `value` that the schema does not describe. */
  function undescribed(schema: Record<string, Loose>, value: unknown, path: string): string[] {
    if (value === null || typeof value !== 'object') return [];
    if (Array.isArray(value)) {
      const items = schema['items'] as Record<string, Loose> | undefined;
      return value.flatMap((item, i) => (items ? undescribed(items, item, `${path}[${i}]`) : []));
    }
    const out: string[] = [];
    const properties = (schema['properties'] ?? {}) as Record<string, Record<string, Loose>>;
    for (const [key, child] of Object.entries(value)) {
      const childSchema =
        properties[key] ??
        (typeof schema['additionalProperties'] === 'object' ? schema['additionalProperties'] : undefined);
      if (childSchema === undefined) {
        // Free-form on purpose: the embedded plan's per-kind options.
        if (!/^\.plan\.workloads\[\d+\]\.options/.test(path)) out.push(`${path}.${key}`);
        continue;
      }
      out.push(...undescribed(childSchema, child, `${path}.${key}`));
    }
    return out;
  }

  it('describes every field of the typed contract (types.ts)', () => {
    // sampleRunResult is typed as RunResult: a field added to the type must be added there,
    // and then this test fails until the schema describes it too.
    expect(undescribed(RUN_RESULT_SCHEMA, sampleRunResult(), '').map((p) => p.slice(1))).toEqual([]);
  });
});
