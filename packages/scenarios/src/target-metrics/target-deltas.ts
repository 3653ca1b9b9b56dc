/**
 * What a target did between two snapshots, in the terms of the resource contract
 * (DESIGN §6):
 *
 *   headroom_resource_busy_seconds_total{resource}   counter → busy seconds in the step
 *   headroom_resource_servers{resource}              gauge   → how many can work at once
 *   headroom_work_completed_total{work}              counter → work done in the step
 *   process_cpu_seconds_total                        counter → CPU seconds (null if absent)
 *
 * Counters are deltas; a counter that went down was reset (the target restarted), and
 * counts from zero again, so its delta is its end value — the increase before the reset
 * is lost, making the delta a lower bound, never a negative number. A changed
 * `process_start_time_seconds` means every counter was reset.
 */
import type { ResourceDelta, TargetDeltas } from '../result/types.js';
import type { MetricSample, MetricsSnapshot } from './scrape-metrics.js';

export const BUSY_SECONDS_METRIC = 'headroom_resource_busy_seconds_total';
export const SERVERS_METRIC = 'headroom_resource_servers';
export const WORK_COMPLETED_METRIC = 'headroom_work_completed_total';
export const PROCESS_CPU_METRIC = 'process_cpu_seconds_total';
const START_TIME_METRIC = 'process_start_time_seconds';

/** Gauges always kept when present, besides every `headroom_*` gauge. */
export const DEFAULT_GAUGES: readonly string[] = ['process_resident_memory_bytes', 'process_open_fds'];

export function computeTargetDeltas(
  start: MetricsSnapshot,
  end: MetricsSnapshot,
  gauges: readonly string[] = DEFAULT_GAUGES,
): TargetDeltas {
  const restarted = valueOf(start, START_TIME_METRIC) !== valueOf(end, START_TIME_METRIC);
  const delta = (before: number | undefined, after: number): number =>
    restarted || before === undefined || after < before ? after : after - before;

  const busyStart = sumBy(start, BUSY_SECONDS_METRIC, 'resource');
  const serversEnd = sumBy(end, SERVERS_METRIC, 'resource');
  const serversStart = sumBy(start, SERVERS_METRIC, 'resource');
  const resources: ResourceDelta[] = [...sumBy(end, BUSY_SECONDS_METRIC, 'resource')]
    .map(([resource, busy]) => ({
      resource,
      busySeconds: delta(busyStart.get(resource), busy),
      // A resource that does not say how many servers it has is taken as one server.
      servers: serversEnd.get(resource) ?? serversStart.get(resource) ?? 1,
    }))
    .sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));

  const workStart = sumBy(start, WORK_COMPLETED_METRIC, 'work');
  const work: Record<string, number> = {};
  for (const [name, done] of [...sumBy(end, WORK_COMPLETED_METRIC, 'work')].sort()) {
    work[name] = delta(workStart.get(name), done);
  }

  const cpuEnd = valueOf(end, PROCESS_CPU_METRIC);
  return {
    wallSeconds: (end.takenAtMs - start.takenAtMs) / 1000,
    resources,
    work,
    processCpuSeconds: cpuEnd === undefined ? null : delta(valueOf(start, PROCESS_CPU_METRIC), cpuEnd),
    gauges: gaugesOf(end, gauges),
  };
}

/** Sum of a metric's samples grouped by one label (samples without it are ignored). */
function sumBy(snapshot: MetricsSnapshot, name: string, label: string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const sample of snapshot.samples.get(name) ?? []) {
    const key = sample.labels[label];
    if (key !== undefined) sums.set(key, (sums.get(key) ?? 0) + sample.value);
  }
  return sums;
}

/** Sum over every sample of a metric, undefined when it is absent. */
function valueOf(snapshot: MetricsSnapshot, name: string): number | undefined {
  const samples = snapshot.samples.get(name);
  return samples === undefined ? undefined : samples.reduce((sum, s) => sum + s.value, 0);
}

/**
 * The listed gauges and every `headroom_*` gauge (except the servers gauge, which is in
 * `resources`) at the end of the step: `name` for a single sample, `name{k="v",…}` each
 * when there are several.
 */
function gaugesOf(snapshot: MetricsSnapshot, wanted: readonly string[]): Record<string, number> {
  const gauges: Record<string, number> = {};
  const names = [...snapshot.samples]
    .filter(
      ([name, samples]) =>
        wanted.includes(name) ||
        (name.startsWith('headroom_') && name !== SERVERS_METRIC && isGauge(samples)),
    )
    .map(([name]) => name)
    .sort();
  for (const name of names) {
    const samples = snapshot.samples.get(name)!;
    if (samples.length === 1) gauges[name] = samples[0].value;
    else for (const sample of samples) gauges[`${name}${formatLabels(sample.labels)}`] = sample.value;
  }
  return gauges;
}

function isGauge(samples: readonly MetricSample[]): boolean {
  return samples.length > 0 && samples[0].type === 'GAUGE';
}

function formatLabels(labels: Readonly<Record<string, string>>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `{${parts.join(',')}}`;
}
