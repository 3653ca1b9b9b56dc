import { describe, expect, it } from 'vitest';

import { miniRun } from '../../test/support/minimal-run.js';
import { renderJunitXml, xmlEscape } from './junit-xml.js';

describe('renderJunitXml', () => {
  const run = miniRun([], {
    thresholds: [
      {
        workload: 'orders',
        multiplier: 1,
        expression: 'p(99) < 25ms',
        observed: 4.2,
        limit: 25,
        passed: true,
        evaluated: true,
        source: 'slo',
        message: 'p(99) was 4.2 ms, limit 25 ms',
      },
      {
        workload: 'orders',
        multiplier: 5,
        expression: 'p(99) < 25ms',
        observed: 31.2,
        limit: 25,
        passed: false,
        evaluated: true,
        source: 'slo',
        message: 'p(99) was 31.2 ms, limit 25 ms',
      },
      {
        workload: 'market-data',
        multiplier: 5,
        expression: 'gaps == 0',
        observed: 0,
        limit: 0,
        passed: true,
        evaluated: false,
        source: 'plan',
        message: 'no subscriber completed: nothing to compare',
      },
    ],
  });
  const xml = renderJunitXml(run);

  it('has one test case per threshold outcome, with the totals', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain('<testsuites name="headroom" tests="3" failures="1" errors="0" skipped="1">');
  });

  it('carries the measured value in a failure', () => {
    expect(xml).toContain(
      '<testcase classname="headroom.orders" name="5x: p(99) &lt; 25ms">\n      <failure type="threshold" message="p(99) was 31.2 ms, limit 25 ms">observed 31.2, limit 25 (p(99) &lt; 25ms, orders at 5x)</failure>',
    );
  });

  it('skips an outcome with nothing to compare', () => {
    expect(xml).toContain('<skipped message="no subscriber completed: nothing to compare"/>');
  });
});

describe('xmlEscape', () => {
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(xmlEscape(`<a href="x">'&'</a>\u0000\u0007ok`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;ok',
    );
  });
});
