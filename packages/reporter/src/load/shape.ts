/**
 * A tiny structural checker: describes the shape the reporter reads and lists every
 * mismatch as `path: message`. It checks what rendering depends on, not every rule of
 * the contract (the scenarios package owns the full validator).
 */

export type Shape = (value: unknown, path: string, problems: string[]) => void;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}

export const num: Shape = (v, path, problems) => {
  if (typeof v !== 'number' || !Number.isFinite(v))
    problems.push(`${path}: expected a finite number, got ${describe(v)}`);
};

export const str: Shape = (v, path, problems) => {
  if (typeof v !== 'string') problems.push(`${path}: expected a string, got ${describe(v)}`);
};

export const bool: Shape = (v, path, problems) => {
  if (typeof v !== 'boolean') problems.push(`${path}: expected true or false, got ${describe(v)}`);
};

export function oneOf(...values: readonly (string | number)[]): Shape {
  return (v, path, problems) => {
    if (!values.includes(v as string | number)) {
      problems.push(
        `${path}: expected one of ${values.map((x) => JSON.stringify(x)).join(', ')}, got ${describe(v)}`,
      );
    }
  };
}

export function nullable(shape: Shape): Shape {
  return (v, path, problems) => {
    if (v !== null) shape(v, path, problems);
  };
}

export function arrayOf(shape: Shape): Shape {
  return (v, path, problems) => {
    if (!Array.isArray(v)) {
      problems.push(`${path}: expected an array, got ${describe(v)}`);
      return;
    }
    v.forEach((item, i) => shape(item, `${path}[${i}]`, problems));
  };
}

/** A record whose values all have one shape (error counts, measures, gauges). */
export function recordOf(shape: Shape): Shape {
  return (v, path, problems) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      problems.push(`${path}: expected an object, got ${describe(v)}`);
      return;
    }
    for (const [k, item] of Object.entries(v)) shape(item, `${path}.${k}`, problems);
  };
}

/** An object with at least these fields (extra fields are allowed: newer writers may add some). */
export function object(fields: Readonly<Record<string, Shape>>): Shape {
  return (v, path, problems) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      problems.push(`${path}: expected an object, got ${describe(v)}`);
      return;
    }
    const record = v as Record<string, unknown>;
    for (const [key, shape] of Object.entries(fields)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (!(key in record)) problems.push(`${at}: missing`);
      else shape(record[key], at, problems);
    }
  };
}

/** Scalars only: target config values are shown in the report as text. */
export const scalar: Shape = (v, path, problems) => {
  if (!['string', 'number', 'boolean'].includes(typeof v))
    problems.push(`${path}: expected a string, number or boolean, got ${describe(v)}`);
};
