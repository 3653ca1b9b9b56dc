/**
 * junit.xml: one test case per threshold outcome, so CI systems show each gate. A failed
 * threshold carries its measured value; one with nothing to compare is skipped.
 */
import type { RunResult, ThresholdOutcome } from '@headroom/scenarios';

import { formatMultiplier } from '../format.js';

/** XML text/attribute escaping; characters XML 1.0 cannot hold at all are dropped. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function testcase(o: ThresholdOutcome): string {
  const name = xmlEscape(`${formatMultiplier(o.multiplier)}: ${o.expression}`);
  const head = `    <testcase classname="headroom.${xmlEscape(o.workload)}" name="${name}">`;
  if (o.evaluated === false)
    return `${head}\n      <skipped message="${xmlEscape(o.message)}"/>\n    </testcase>`;
  if (o.passed) return `${head}\n      <system-out>${xmlEscape(o.message)}</system-out>\n    </testcase>`;
  const body = `observed ${o.observed}, limit ${o.limit} (${o.expression}, ${o.workload} at ${formatMultiplier(o.multiplier)})`;
  return `${head}\n      <failure type="threshold" message="${xmlEscape(o.message)}">${xmlEscape(body)}</failure>\n    </testcase>`;
}

export function renderJunitXml(run: RunResult): string {
  const outcomes = run.thresholds;
  const failures = outcomes.filter((o) => !o.passed && o.evaluated !== false).length;
  const skipped = outcomes.filter((o) => o.evaluated === false).length;
  const counts = `tests="${outcomes.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="headroom" ${counts}>`,
    `  <testsuite name="headroom thresholds: ${xmlEscape(run.plan.name)}" ${counts} timestamp="${xmlEscape(run.startedAt)}">`,
    '    <properties>',
    `      <property name="runId" value="${xmlEscape(run.runId)}"/>`,
    `      <property name="status" value="${xmlEscape(run.status)}"/>`,
    '    </properties>',
    ...outcomes.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
