/**
 * What the target says about its own process, read before and after the connections are
 * opened: resident memory (for bytes per connection on the server side), its open-file
 * limit, and the connections it dropped at its limit. Each figure is null when the target
 * does not export it — or cannot answer, which is itself telling: a server at its
 * connection limit drops the scrape's connection too.
 *
 * Sources: Prometheus `process_resident_memory_bytes`, `process_max_fds`,
 * `process_open_fds`, `process_cpu_seconds_total` (prom-client's default metrics, most
 * Node.js services have them);
 * the reference system's `GET /health` → `connections.dropped`.
 */
import { scrapeMetrics } from '../../target-metrics/scrape-metrics.js';

export interface ServerSnapshot {
  /** bytes */
  readonly rssBytes: number | null;
  readonly maxFds: number | null;
  readonly openFds: number | null;
  /** connections the target dropped at its connection limit, since it started */
  readonly dropped: number | null;
  /** `process_cpu_seconds_total`, seconds */
  readonly cpuSeconds: number | null;
  /** ms, performance.now() when read */
  readonly takenAtMs: number;
  /** why the metrics could not be read; null when they were */
  readonly metricsProblem: string | null;
}

/** ms: a probe must not hold a step up */
const PROBE_TIMEOUT_MS = 5000;

export async function probeServer(baseUrl: string, metricsPath: string): Promise<ServerSnapshot> {
  const [metrics, dropped] = await Promise.all([
    scrapeMetrics(new URL(metricsPath, baseUrl).href, { timeoutMs: PROBE_TIMEOUT_MS }),
    droppedConnections(baseUrl),
  ]);
  if (!metrics.ok) {
    return {
      rssBytes: null,
      maxFds: null,
      openFds: null,
      dropped,
      cpuSeconds: null,
      takenAtMs: performance.now(),
      metricsProblem: metrics.reason,
    };
  }
  const value = (name: string): number | null => {
    const samples = metrics.snapshot.samples.get(name);
    return samples === undefined || samples.length === 0 ? null : samples.reduce((s, x) => s + x.value, 0);
  };
  return {
    rssBytes: value('process_resident_memory_bytes'),
    maxFds: value('process_max_fds'),
    openFds: value('process_open_fds'),
    dropped,
    cpuSeconds: value('process_cpu_seconds_total'),
    takenAtMs: metrics.snapshot.takenAtMs,
    metricsProblem: null,
  };
}

async function droppedConnections(baseUrl: string): Promise<number | null> {
  try {
    const response = await fetch(new URL('/health', baseUrl), {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    if (!response.ok) return null;
    const body = (await response.json()) as { connections?: { dropped?: unknown } };
    const dropped = body.connections?.dropped;
    return typeof dropped === 'number' ? dropped : null;
  } catch {
    return null;
  }
}
