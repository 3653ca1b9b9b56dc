import { describe, expect, it } from 'vitest';

import { isLoopbackHost, parseDuration, parseFraction, parseSize } from './units.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30],
    ['1m', 60],
    ['1m30s', 90],
    ['500ms', 0.5],
    ['1.5s', 1.5],
    ['2h', 7200],
    ['250us', 0.00025],
    ['10 ms', 0.01],
    [45, 45],
    [0, 0],
  ])('%j is %d s', (input, seconds) => {
    expect(parseDuration(input)).toEqual({ ok: true, value: seconds });
  });

  it.each(['3x', '', 'ten seconds', '30', '-1s', '1m 30', 's'])('rejects %j with a hint', (input) => {
    const parsed = parseDuration(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/duration like '30s'/);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, true, null])('rejects %j', (input) => {
    expect(parseDuration(input).ok).toBe(false);
  });
});

describe('parseSize', () => {
  it.each([
    ['5TB', 5e12],
    ['50GB', 50e9],
    ['512MiB', 512 * 2 ** 20],
    ['1.5kb', 1500],
    ['100', 100],
    [2048, 2048],
  ])('%j is %d bytes', (input, bytes) => {
    expect(parseSize(input)).toEqual({ ok: true, value: bytes });
  });

  it.each(['5 parsecs', 'TB', '-5TB', '5TBs'])('rejects %j', (input) => {
    expect(parseSize(input).ok).toBe(false);
  });
});

describe('parseFraction', () => {
  it.each([
    ['0.1%', 0.001],
    ['99%', 0.99],
    [0.001, 0.001],
    [1, 1],
    ['100 %', 1],
  ])('%j is %d', (input, ratio) => {
    const parsed = parseFraction(input);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value).toBeCloseTo(ratio, 12);
  });

  it.each(['150%', 2, -0.1, 'half', '0.1'])('rejects %j', (input) => {
    expect(parseFraction(input).ok).toBe(false);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['127.0.0.256', false],
    ['128.0.0.1', false],
    ['example.com', false],
    ['127.0.0.1.example.com', false],
    ['0.0.0.0', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
