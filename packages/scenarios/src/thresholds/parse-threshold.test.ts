import { describe, expect, it } from 'vitest';

import { parseThreshold, type ParsedThreshold } from './parse-threshold.js';

describe('parseThreshold: accepted expressions', () => {
  const cases: [string, ParsedThreshold][] = [
    [
      'p(99) < 25ms',
      {
        label: 'p(99)',
        metric: { kind: 'latency', stat: 'percentile', percentile: 99 },
        comparison: '<',
        limit: { kind: 'absolute', value: 25 },
      },
    ],
    [
      'p(99.9) <= 100ms',
      {
        label: 'p(99.9)',
        metric: { kind: 'latency', stat: 'percentile', percentile: 99.9 },
        comparison: '<=',
        limit: { kind: 'absolute', value: 100 },
      },
    ],
    [
      'p( 95 )<1.5s',
      {
        label: 'p(95)',
        metric: { kind: 'latency', stat: 'percentile', percentile: 95 },
        comparison: '<',
        limit: { kind: 'absolute', value: 1500 },
      },
    ],
    [
      'avg < 10ms',
      {
        label: 'avg',
        metric: { kind: 'latency', stat: 'avg' },
        comparison: '<',
        limit: { kind: 'absolute', value: 10 },
      },
    ],
    [
      'mean < 10',
      {
        label: 'avg',
        metric: { kind: 'latency', stat: 'avg' },
        comparison: '<',
        limit: { kind: 'absolute', value: 10 },
      },
    ],
    [
      'med<=500us',
      {
        label: 'med',
        metric: { kind: 'latency', stat: 'med' },
        comparison: '<=',
        limit: { kind: 'absolute', value: 0.5 },
      },
    ],
    [
      'max < 1s',
      {
        label: 'max',
        metric: { kind: 'latency', stat: 'max' },
        comparison: '<',
        limit: { kind: 'absolute', value: 1000 },
      },
    ],
    [
      'min > 0',
      {
        label: 'min',
        metric: { kind: 'latency', stat: 'min' },
        comparison: '>',
        limit: { kind: 'absolute', value: 0 },
      },
    ],
    [
      'rate >= 0.99 * target',
      {
        label: 'rate',
        metric: { kind: 'rate' },
        comparison: '>=',
        limit: { kind: 'relative', factor: 0.99, base: 'target' },
      },
    ],
    [
      'rate >= 99% * offered',
      {
        label: 'rate',
        metric: { kind: 'rate' },
        comparison: '>=',
        limit: { kind: 'relative', factor: 0.99, base: 'offered' },
      },
    ],
    [
      'rate >= target * 0.5',
      {
        label: 'rate',
        metric: { kind: 'rate' },
        comparison: '>=',
        limit: { kind: 'relative', factor: 0.5, base: 'target' },
      },
    ],
    [
      'rate >= target',
      {
        label: 'rate',
        metric: { kind: 'rate' },
        comparison: '>=',
        limit: { kind: 'relative', factor: 1, base: 'target' },
      },
    ],
    [
      'rate >= 1500',
      { label: 'rate', metric: { kind: 'rate' }, comparison: '>=', limit: { kind: 'absolute', value: 1500 } },
    ],
    [
      'rate >= 1500/s',
      { label: 'rate', metric: { kind: 'rate' }, comparison: '>=', limit: { kind: 'absolute', value: 1500 } },
    ],
    [
      'errors < 0.1%',
      {
        label: 'errors',
        metric: { kind: 'error_rate' },
        comparison: '<',
        limit: { kind: 'absolute', value: 0.001 },
      },
    ],
    [
      'error_rate < 0.001',
      {
        label: 'error_rate',
        metric: { kind: 'error_rate' },
        comparison: '<',
        limit: { kind: 'absolute', value: 0.001 },
      },
    ],
    [
      'error_count == 0',
      {
        label: 'error_count',
        metric: { kind: 'error_count' },
        comparison: '==',
        limit: { kind: 'absolute', value: 0 },
      },
    ],
    [
      'achieved_ratio >= 99%',
      {
        label: 'achieved_ratio',
        metric: { kind: 'achieved_ratio' },
        comparison: '>=',
        limit: { kind: 'absolute', value: 0.99 },
      },
    ],
    [
      'gaps == 0',
      {
        label: 'gaps',
        metric: { kind: 'measure', name: 'gaps' },
        comparison: '==',
        limit: { kind: 'absolute', value: 0 },
      },
    ],
    [
      '  tradesPerOrder != 0  ',
      {
        label: 'tradesPerOrder',
        metric: { kind: 'measure', name: 'tradesPerOrder' },
        comparison: '!=',
        limit: { kind: 'absolute', value: 0 },
      },
    ],
  ];
  it.each(cases)('%j', (expression, expected) => {
    const parsed = parseThreshold(expression);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.threshold.label).toBe(expected.label);
      expect(parsed.threshold.metric).toEqual(expected.metric);
      expect(parsed.threshold.comparison).toBe(expected.comparison);
      if (expected.limit.kind === 'absolute' && parsed.threshold.limit.kind === 'absolute') {
        expect(parsed.threshold.limit.value).toBeCloseTo(expected.limit.value, 12);
      } else {
        expect(parsed.threshold.limit).toEqual(expected.limit);
      }
    }
  });
});

describe('parseThreshold: errors point at the column of the problem', () => {
  it.each([
    ['', 1, /empty threshold/],
    ['   ', 1, /empty threshold/],
    ['p99 < 25ms', 1, /write percentiles as p\(99\)/],
    ['p(99 < 25ms', 6, /expected '\)'/],
    ['p() < 25ms', 3, /percentile between 0 and 100/],
    ['p(101) < 25ms', 3, /not in \(0, 100\]/],
    ['p(99) 25ms', 7, /expected a comparison/],
    ['p(99) = 25ms', 7, /use '=='/],
    ['p(99) < fast', 9, /expected a number/],
    ['p(99) < 25kg', 11, /unknown unit 'kg'/],
    ['p(99) < 5%', 9, /is a latency/],
    ['p(99) < 25ms and more', 14, /unexpected 'and more'/],
    ['rate >= 0.99 * tagret', 16, /expected 'target' or 'offered'/],
    ['rate >= 5%', 9, /percentage of what/],
    ['rate >= 10 req', 12, /unknown unit 'req'/],
    ['avg < target', 7, /only rate compares with target/],
    ['avg < 2 * target', 7, /only rate compares/],
    ['errors < 5', 10, /fraction of operations/],
    ['errors < 1ms', 11, /is a fraction/],
    ['gaps == 1%', 9, /plain number/],
    ['gap == 0', 1, /unknown metric 'gap'/],
    ['123 < 4', 1, /expected a metric/],
  ])('%j → column %d', (expression, column, message) => {
    const parsed = parseThreshold(expression);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toMatch(message);
      expect(parsed.column).toBe(column);
    }
  });
});
