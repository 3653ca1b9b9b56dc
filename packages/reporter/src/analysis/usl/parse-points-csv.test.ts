import { describe, expect, it } from 'vitest';

import { InvalidCsvError } from '../../errors.js';
import { parseUslPointsCsv } from './parse-points-csv.js';

describe('parseUslPointsCsv', () => {
  it.each([
    {
      name: 'no header',
      text: '1,65\n18,996\n36,1652\n',
      first: { concurrency: 1, throughput: 65 },
      count: 3,
    },
    {
      name: 'a header',
      text: 'concurrency,throughput\n1,955.16\n2,1878.91\n',
      first: { concurrency: 1, throughput: 955.16 },
      count: 2,
    },
    {
      name: 'swapped named columns',
      text: 'Throughput;Concurrency\n955.16;1\n1878.91;2\n',
      first: { concurrency: 1, throughput: 955.16 },
      count: 2,
    },
    {
      name: 'comments, blanks, CRLF and tabs',
      text: '# sweep of 2026-03-14\r\n\r\nn\tx\r\n4\t3548.68\r\n\r\n5\t4315.54\r\n',
      first: { concurrency: 4, throughput: 3548.68 },
      count: 2,
    },
    {
      name: 'extra columns',
      text: 'label,concurrency,p99,throughput\na,1,2.5,100\nb,2,2.7,190\n',
      first: { concurrency: 1, throughput: 100 },
      count: 2,
    },
  ])('reads $name', ({ text, first, count }) => {
    const points = parseUslPointsCsv(text);
    expect(points).toHaveLength(count);
    expect(points[0]).toEqual(first);
  });

  it.each([
    {
      name: 'a word in a data row',
      text: '1,65\n2,abc\n',
      message: 'sweep.csv:2: throughput must be a number ≥ 0, got "abc"',
    },
    {
      name: 'a missing column',
      text: 'concurrency,throughput\n1,65\n7\n',
      message: 'sweep.csv:3: expected at least 2 columns, found 1',
    },
    {
      name: 'a negative concurrency',
      text: '1,65\n\n-2,100\n',
      message: 'sweep.csv:3: concurrency must be a positive number, got "-2"',
    },
    {
      name: 'a header without the columns',
      text: 'users,latency\n1,2\n',
      message: 'sweep.csv:1: the header needs a "concurrency" and a "throughput" column',
    },
    { name: 'an empty file', text: '\n# nothing\n', message: 'sweep.csv:3: no data rows' },
  ])('refuses $name, naming the line', ({ text, message }) => {
    expect(() => parseUslPointsCsv(text, 'sweep.csv')).toThrow(InvalidCsvError);
    expect(() => parseUslPointsCsv(text, 'sweep.csv')).toThrow(message);
  });
});
