import { describe, expect, it } from 'vitest';
import { parseMetrics } from './scrape-metrics.js';
import { computeTargetDeltas } from './target-deltas.js';

const exposition = (
  busy: { gateway: number; journal: number },
  orders: number,
  cpu?: number,
  start = 1700000000,
): string =>
  `# HELP headroom_resource_busy_seconds_total Time the resource was busy.
# TYPE headroom_resource_busy_seconds_total counter
headroom_resource_busy_seconds_total{resource="gateway"} ${busy.gateway}
headroom_resource_busy_seconds_total{resource="journal"} ${busy.journal}
# TYPE headroom_resource_servers gauge
headroom_resource_servers{resource="gateway"} 1
headroom_resource_servers{resource="journal"} 4
# TYPE headroom_work_completed_total counter
headroom_work_completed_total{work="orders"} ${orders}
headroom_work_completed_total{work="trades"} ${orders / 2}
# TYPE headroom_ws_connections gauge
headroom_ws_connections{gateway="0"} 10
headroom_ws_connections{gateway="1"} 12
# TYPE process_resident_memory_bytes gauge
process_resident_memory_bytes 52428800
# TYPE process_start_time_seconds gauge
process_start_time_seconds ${start}
${cpu === undefined ? '' : `# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ${cpu}\n`}
# TYPE request_duration_seconds histogram
request_duration_seconds_bucket{le="0.1"} 3
request_duration_seconds_bucket{le="+Inf"} 4
request_duration_seconds_sum 0.5
request_duration_seconds_count 4
`;

describe('computeTargetDeltas', () => {
  it('turns two snapshots into busy seconds, servers, work, CPU and gauges', () => {
    const start = parseMetrics(exposition({ gateway: 10, journal: 2 }, 1000, 5), 1000);
    const end = parseMetrics(exposition({ gateway: 14.5, journal: 2.25 }, 21_000, 9.5), 6000);
    const deltas = computeTargetDeltas(start, end);
    expect(deltas.wallSeconds).toBe(5);
    expect(deltas.resources).toEqual([
      { resource: 'gateway', busySeconds: 4.5, servers: 1 },
      { resource: 'journal', busySeconds: 0.25, servers: 4 },
    ]);
    expect(deltas.work).toEqual({ orders: 20_000, trades: 10_000 });
    expect(deltas.processCpuSeconds).toBe(4.5);
    expect(deltas.gauges).toEqual({
      'headroom_ws_connections{gateway="0"}': 10,
      'headroom_ws_connections{gateway="1"}': 12,
      process_resident_memory_bytes: 52428800,
    });
  });

  it('gives null CPU when the target does not export process_cpu_seconds_total', () => {
    const start = parseMetrics(exposition({ gateway: 1, journal: 1 }, 0), 0);
    const end = parseMetrics(exposition({ gateway: 2, journal: 1 }, 0), 1000);
    expect(computeTargetDeltas(start, end).processCpuSeconds).toBeNull();
  });

  it('treats a counter that went down as reset: the delta is its end value, never negative', () => {
    const start = parseMetrics(exposition({ gateway: 100, journal: 50 }, 90_000, 80), 0);
    const end = parseMetrics(exposition({ gateway: 3, journal: 60 }, 500, 2), 5000);
    const deltas = computeTargetDeltas(start, end);
    expect(deltas.resources.find((r) => r.resource === 'gateway')!.busySeconds).toBe(3);
    expect(deltas.resources.find((r) => r.resource === 'journal')!.busySeconds).toBe(10);
    expect(deltas.work.orders).toBe(500);
    expect(deltas.processCpuSeconds).toBe(2);
  });

  it('treats every counter as reset when the process start time changed', () => {
    const start = parseMetrics(exposition({ gateway: 1, journal: 1 }, 100, 1, 1700000000), 0);
    const end = parseMetrics(exposition({ gateway: 2, journal: 3 }, 300, 4, 1700000100), 5000);
    const deltas = computeTargetDeltas(start, end);
    expect(deltas.resources.map((r) => r.busySeconds)).toEqual([2, 3]);
    expect(deltas.work.orders).toBe(300);
  });

  it('counts a resource that appeared during the step from zero and assumes one server without a gauge', () => {
    const start = parseMetrics('# TYPE other counter\nother 1\n', 0);
    const end = parseMetrics(
      '# TYPE headroom_resource_busy_seconds_total counter\nheadroom_resource_busy_seconds_total{resource="db"} 0.75\n',
      1000,
    );
    expect(computeTargetDeltas(start, end).resources).toEqual([
      { resource: 'db', busySeconds: 0.75, servers: 1 },
    ]);
  });
});

describe('parseMetrics', () => {
  it('keeps histogram counts and sums, parses +Inf and drops NaN samples', () => {
    const snapshot = parseMetrics(
      '# TYPE g gauge\ng{a="1"} +Inf\ng{a="2"} NaN\n' + exposition({ gateway: 1, journal: 1 }, 1),
      0,
    );
    expect(snapshot.samples.get('g')).toEqual([{ labels: { a: '1' }, value: Infinity, type: 'GAUGE' }]);
    expect(snapshot.samples.get('request_duration_seconds_count')![0].value).toBe(4);
    expect(snapshot.samples.get('request_duration_seconds_sum')![0].value).toBe(0.5);
  });
});
