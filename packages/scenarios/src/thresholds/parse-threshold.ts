/**
 * Parser for k6-like threshold expressions:
 *
 *   p(99) < 25ms      p(99.9) <= 100ms     avg < 10ms     max < 1s     med < 5ms
 *   rate >= 0.99 * target    rate >= 1500    rate >= 1500/s    achieved_ratio >= 0.99
 *   errors < 0.1%    error_rate < 0.001    error_count == 0    gaps == 0
 *
 * Latency limits are normalised to ms (a bare number is ms, as in k6), error rates to
 * fractions. It returns a result with the 1-based column of the problem instead of
 * throwing, so a plan reports every bad threshold at once.
 */
import { KNOWN_MEASURES } from './metrics.js';

export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type ThresholdMetric =
  | { readonly kind: 'latency'; readonly stat: 'percentile'; readonly percentile: number }
  | { readonly kind: 'latency'; readonly stat: 'avg' | 'min' | 'max' | 'med' }
  | { readonly kind: 'rate' }
  | { readonly kind: 'achieved_ratio' }
  | { readonly kind: 'error_rate' }
  | { readonly kind: 'error_count' }
  | { readonly kind: 'measure'; readonly name: string };

export type ThresholdLimit =
  | { readonly kind: 'absolute'; readonly value: number }
  /** factor × the step's target rate (or offered rate) */
  | { readonly kind: 'relative'; readonly factor: number; readonly base: 'target' | 'offered' };

export interface ParsedThreshold {
  /** How the metric is named in messages: 'p(99)', 'avg', 'rate', 'errors', 'gaps'. */
  readonly label: string;
  readonly metric: ThresholdMetric;
  readonly comparison: Comparison;
  readonly limit: ThresholdLimit;
}

export type ThresholdParse =
  | { readonly ok: true; readonly threshold: ParsedThreshold }
  | { readonly ok: false; readonly message: string; /** 1-based */ readonly column: number };

const LATENCY_UNITS_MS: Readonly<Record<string, number>> = { us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000 };
const COMPARISONS: readonly Comparison[] = ['<=', '>=', '==', '!=', '<', '>'];
const NUMBER = /\d+(?:\.\d+)?/y;
const WORD = /[A-Za-zµ_][A-Za-z0-9_]*/y;
const UNIT = /[A-Za-zµ/]+/y;

class Fail extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

export function parseThreshold(expression: string): ThresholdParse {
  try {
    return { ok: true, threshold: new Parser(expression).parse() };
  } catch (error) {
    if (error instanceof Fail) return { ok: false, message: error.message, column: error.index + 1 };
    throw error;
  }
}

class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  parse(): ParsedThreshold {
    this.space();
    if (this.at >= this.text.length) throw new Fail("empty threshold; write e.g. 'p(99) < 25ms'", 0);
    const { label, metric } = this.metric();
    this.space();
    const comparison = this.comparison();
    this.space();
    const limit = this.limit(metric, label);
    this.space();
    if (this.at < this.text.length)
      throw new Fail(`unexpected '${this.text.slice(this.at)}' after the limit`, this.at);
    return { label, metric, comparison, limit };
  }

  private metric(): { label: string; metric: ThresholdMetric } {
    const start = this.at;
    const word = this.match(WORD);
    if (word === null) throw new Fail(`expected a metric such as p(99), avg, rate or errors`, start);
    if (word === 'p' && this.text[this.at] === '(') {
      this.at++;
      this.space();
      const numberAt = this.at;
      const value = this.match(NUMBER);
      if (value === null) throw new Fail('expected a percentile between 0 and 100 after p(', numberAt);
      const percentile = Number(value);
      if (percentile <= 0 || percentile > 100)
        throw new Fail(`percentile ${value} is not in (0, 100]`, numberAt);
      this.space();
      if (this.text[this.at] !== ')') throw new Fail(`expected ')' after the percentile`, this.at);
      this.at++;
      return { label: `p(${value})`, metric: { kind: 'latency', stat: 'percentile', percentile } };
    }
    switch (word) {
      case 'avg':
      case 'mean':
        return { label: 'avg', metric: { kind: 'latency', stat: 'avg' } };
      case 'min':
      case 'max':
      case 'med':
        return { label: word, metric: { kind: 'latency', stat: word } };
      case 'rate':
        return { label: 'rate', metric: { kind: 'rate' } };
      case 'achieved_ratio':
        return { label: 'achieved_ratio', metric: { kind: 'achieved_ratio' } };
      case 'errors':
      case 'error_rate':
        return { label: word, metric: { kind: 'error_rate' } };
      case 'error_count':
        return { label: word, metric: { kind: 'error_count' } };
    }
    if (/^p\d+$/.test(word)) throw new Fail(`write percentiles as p(${word.slice(1)}), not ${word}`, start);
    if (KNOWN_MEASURES.includes(word)) return { label: word, metric: { kind: 'measure', name: word } };
    throw new Fail(
      `unknown metric '${word}'; use p(N), avg, med, min, max, rate, achieved_ratio, errors, error_count or a measure (${KNOWN_MEASURES.join(', ')})`,
      start,
    );
  }

  private comparison(): Comparison {
    for (const op of COMPARISONS) {
      if (this.text.startsWith(op, this.at)) {
        this.at += op.length;
        return op;
      }
    }
    if (this.text[this.at] === '=') throw new Fail("use '==' to compare for equality", this.at);
    throw new Fail('expected a comparison: <, <=, >, >=, == or !=', this.at);
  }

  private limit(metric: ThresholdMetric, label: string): ThresholdLimit {
    const start = this.at;
    const word = this.peekWord();
    if (word === 'target' || word === 'offered') {
      // `target` or `target * 0.99`
      if (metric.kind !== 'rate') throw new Fail(`only rate compares with ${word}`, start);
      this.at += word.length;
      this.space();
      return { kind: 'relative', factor: this.star() ? this.factor() : 1, base: word };
    }
    const { value, percent } = this.number(start);
    this.space();
    if (this.star()) {
      // `0.99 * target` or `99% * target`
      if (metric.kind !== 'rate') throw new Fail(`only rate compares with '* target' or '* offered'`, start);
      const baseAt = this.at;
      const base = this.match(WORD);
      if (base !== 'target' && base !== 'offered')
        throw new Fail(`expected 'target' or 'offered' after '*'`, baseAt);
      return { kind: 'relative', factor: value, base };
    }
    return { kind: 'absolute', value: this.unit(metric, label, value, percent, start) };
  }

  private star(): boolean {
    if (this.text[this.at] !== '*') return false;
    this.at++;
    this.space();
    return true;
  }

  private factor(): number {
    const start = this.at;
    const { value } = this.number(start);
    return value;
  }

  /** A number, optionally followed by '%' (then divided by 100). */
  private number(start: number): { value: number; percent: boolean } {
    const text = this.match(NUMBER);
    if (text === null) throw new Fail('expected a number', start);
    this.space();
    if (this.text[this.at] !== '%') return { value: Number(text), percent: false };
    this.at++;
    return { value: Number(text) / 100, percent: true };
  }

  private unit(
    metric: ThresholdMetric,
    label: string,
    value: number,
    percent: boolean,
    start: number,
  ): number {
    const unitAt = this.at;
    const unit = this.match(UNIT);
    switch (metric.kind) {
      case 'latency': {
        if (percent) throw new Fail(`${label} is a latency; write a duration like 25ms or 1s`, start);
        if (unit === null) return value;
        const factor = LATENCY_UNITS_MS[unit];
        if (factor === undefined)
          throw new Fail(`unknown unit '${unit}'; ${label} takes us, ms, s or m`, unitAt);
        return value * factor;
      }
      case 'rate':
        if (percent) throw new Fail(`a percentage of what? write e.g. 'rate >= 99% * target'`, start);
        if (unit !== null && unit !== '/s')
          throw new Fail(`unknown unit '${unit}'; rate is per second (1500 or 1500/s)`, unitAt);
        return value;
      case 'error_rate':
        if (unit !== null)
          throw new Fail(
            `${label} is a fraction; write a percentage like 0.1% or a ratio like 0.001`,
            unitAt,
          );
        if (value > 1)
          throw new Fail(
            `${label} is a fraction of operations; write 0.1% or 0.001 (or use error_count)`,
            start,
          );
        return value;
      case 'achieved_ratio':
        if (unit !== null) throw new Fail(`${label} is a ratio; write 0.99 or 99%`, unitAt);
        return value;
      case 'error_count':
      case 'measure':
        if (unit !== null || percent)
          throw new Fail(`${label} takes a plain number`, unit === null ? start : unitAt);
        return value;
    }
  }

  private peekWord(): string | null {
    WORD.lastIndex = this.at;
    return WORD.exec(this.text)?.[0] ?? null;
  }

  private match(pattern: RegExp): string | null {
    pattern.lastIndex = this.at;
    const found = pattern.exec(this.text);
    if (found === null) return null;
    this.at = pattern.lastIndex;
    return found[0];
  }

  private space(): void {
    while (this.text[this.at] === ' ' || this.text[this.at] === '\t') this.at++;
  }
}
