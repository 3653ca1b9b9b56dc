/**
 * Request templates of the http workload: text with generated fields.
 *
 *   {{uuid}}              a random (seeded) UUID v4
 *   {{seq}}               the operation's sequence number, from 1
 *   {{randomInt 1 100}}   an integer in [1, 100]
 *   {{randomString 12}}   12 characters of [a-z0-9]
 *   {{pick buy sell}}     one of the words
 *   {{timestamp}}         epoch milliseconds at render time
 *   {{env API_TOKEN}}     an environment variable, read when the request is built, so a
 *                         secret never sits in the plan, the results or the report
 *
 * Templates are compiled once when the plan is validated (errors carry the column) and
 * rendered per request from a context that holds the seeded random source.
 */

export interface TemplateContext {
  readonly seq: number;
  /** uniform in [0, 1); the workload's seeded PRNG */
  readonly random: () => number;
  readonly env: Readonly<Record<string, string | undefined>>;
}

type Part = string | ((context: TemplateContext) => string);

export interface CompiledTemplate {
  readonly source: string;
  /** Environment variables it reads. */
  readonly env: readonly string[];
  render(context: TemplateContext): string;
}

export type TemplateCompile =
  | { readonly ok: true; readonly template: CompiledTemplate }
  | { readonly ok: false; readonly message: string; /** 1-based */ readonly column: number };

const FIELD = /\{\{\s*([^}]*?)\s*\}\}/g;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function compileTemplate(source: string): TemplateCompile {
  const parts: Part[] = [];
  const env: string[] = [];
  let last = 0;
  for (const match of source.matchAll(FIELD)) {
    const at = match.index;
    if (at > last) parts.push(source.slice(last, at));
    const words = (match[1] ?? '').split(/\s+/).filter((w) => w !== '');
    const field = compileField(words, env);
    if (typeof field === 'string') return { ok: false, message: field, column: at + 1 };
    parts.push(field);
    last = at + match[0].length;
  }
  const open = source.indexOf('{{', last);
  if (open >= 0) return { ok: false, message: "'{{' is not closed with '}}'", column: open + 1 };
  if (last < source.length) parts.push(source.slice(last));
  return {
    ok: true,
    template: {
      source,
      env,
      render: (context) => parts.map((part) => (typeof part === 'string' ? part : part(context))).join(''),
    },
  };
}

/** A renderer for one field, or the message saying what is wrong with it. */
function compileField(words: readonly string[], env: string[]): Part | string {
  const [name, ...args] = words;
  const arity = (n: number, usage: string): string | null =>
    args.length === n ? null : `{{${name}}} takes ${n === 0 ? 'no arguments' : usage}`;
  switch (name) {
    case 'uuid':
      return arity(0, '') ?? uuid;
    case 'seq':
      return arity(0, '') ?? ((c) => String(c.seq));
    case 'timestamp':
      return arity(0, '') ?? (() => String(Date.now()));
    case 'randomInt': {
      const [min, max] = args.map(Number);
      if (
        args.length !== 2 ||
        min === undefined ||
        max === undefined ||
        !Number.isInteger(min) ||
        !Number.isInteger(max)
      ) {
        return 'randomInt takes two integers: {{randomInt MIN MAX}}';
      }
      if (min > max) return `randomInt: MIN ${min} is above MAX ${max}`;
      return (c) => String(min + Math.floor(c.random() * (max - min + 1)));
    }
    case 'randomString': {
      const length = Number(args[0]);
      if (args.length !== 1 || !Number.isInteger(length) || length < 1 || length > 1024) {
        return 'randomString takes one length from 1 to 1024: {{randomString 12}}';
      }
      return (c) => Array.from({ length }, () => ALPHABET[Math.floor(c.random() * ALPHABET.length)]).join('');
    }
    case 'pick':
      if (args.length === 0) return 'pick takes at least one word: {{pick buy sell}}';
      return (c) => args[Math.floor(c.random() * args.length)] ?? '';
    case 'env': {
      const variable = args[0];
      if (args.length !== 1 || variable === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
        return 'env takes one variable name: {{env API_TOKEN}}';
      }
      env.push(variable);
      return (c) => c.env[variable] ?? '';
    }
    case undefined:
      return 'empty field {{}}';
    default:
      return `unknown field {{${name}}}; use uuid, seq, randomInt, randomString, pick, timestamp or env`;
  }
}

function uuid(context: TemplateContext): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(context.random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
