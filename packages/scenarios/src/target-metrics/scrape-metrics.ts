/**
 * Reads a target's Prometheus exposition (`/metrics`) into a snapshot of samples by name.
 * Never throws for target behaviour: a target without metrics is normal, and the caller
 * gets the reason instead of a number.
 */
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';

export type MetricType = PrometheusFamily['type'];

export interface MetricSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  /** the family's declared type ('UNTYPED' when the exposition declares none) */
  readonly type: MetricType;
}

export interface MetricsSnapshot {
  /** ms on the performance.now() clock, when the response was read */
  readonly takenAtMs: number;
  /** sample name → samples; histograms and summaries contribute `<name>_count` and `<name>_sum` */
  readonly samples: ReadonlyMap<string, readonly MetricSample[]>;
}

export type ScrapeOutcome =
  { readonly ok: true; readonly snapshot: MetricsSnapshot } | { readonly ok: false; readonly reason: string };

/** ms */
export const DEFAULT_SCRAPE_TIMEOUT_MS = 2000;

export async function scrapeMetrics(
  url: string,
  { timeoutMs = DEFAULT_SCRAPE_TIMEOUT_MS } = {},
): Promise<ScrapeOutcome> {
  let text: string;
  try {
    const response = await fetch(url, {
      headers: { accept: 'text/plain;version=0.0.4' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
    if (!response.ok) return { ok: false, reason: `${url} answered HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, reason: `${url} could not be read: ${describe(error)}` };
  }
  const takenAtMs = performance.now();
  try {
    const snapshot = parseMetrics(text, takenAtMs);
    if (snapshot.samples.size === 0) return { ok: false, reason: `${url} holds no Prometheus metrics` };
    return { ok: true, snapshot };
  } catch (error) {
    return { ok: false, reason: `${url} is not in the Prometheus text format: ${describe(error)}` };
  }
}

/** Parses exposition text (throws on text the parser rejects). */
export function parseMetrics(text: string, takenAtMs: number): MetricsSnapshot {
  const samples = new Map<string, MetricSample[]>();
  const add = (name: string, sample: MetricSample): void => {
    if (Number.isNaN(sample.value)) return;
    const list = samples.get(name);
    if (list === undefined) samples.set(name, [sample]);
    else list.push(sample);
  };
  for (const family of parsePrometheusTextFormat(text)) {
    for (const metric of family.metrics) {
      const labels = metric.labels ?? {};
      if (metric.value !== undefined)
        add(family.name, { labels, value: toNumber(metric.value), type: family.type });
      if (metric.count !== undefined)
        add(`${family.name}_count`, { labels, value: toNumber(metric.count), type: 'COUNTER' });
      if (metric.sum !== undefined)
        add(`${family.name}_sum`, { labels, value: toNumber(metric.sum), type: 'COUNTER' });
    }
  }
  return { takenAtMs, samples };
}

function toNumber(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
