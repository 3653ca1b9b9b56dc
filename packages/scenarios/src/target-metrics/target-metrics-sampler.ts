/**
 * Per-step target metrics: a snapshot when the step's measured window begins, another
 * when it ends, and the deltas between them. A target without metrics gives `null` and
 * the reason, never an error: bottleneck analysis is then skipped, the run goes on.
 */
import type { TargetDeltas } from '../result/types.js';
import { DEFAULT_SCRAPE_TIMEOUT_MS, scrapeMetrics, type ScrapeOutcome } from './scrape-metrics.js';
import { computeTargetDeltas, DEFAULT_GAUGES } from './target-deltas.js';

export interface TargetSample {
  readonly deltas: TargetDeltas | null;
  /** why `deltas` is null, in words a reader understands; null when there are deltas */
  readonly reason: string | null;
}

export interface TargetMetricsSamplerOptions {
  /** gauges to keep besides every `headroom_*` gauge. @default process memory and open files */
  readonly gauges?: readonly string[];
  /** ms per scrape. @default 2000 */
  readonly timeoutMs?: number;
}

export class TargetMetricsSampler {
  private start: ScrapeOutcome | undefined;
  private readonly gauges: readonly string[];
  private readonly timeoutMs: number;

  /** @param url the full metrics URL, e.g. http://127.0.0.1:8080/metrics */
  constructor(
    readonly url: string,
    options: TargetMetricsSamplerOptions = {},
  ) {
    this.gauges = options.gauges ?? DEFAULT_GAUGES;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SCRAPE_TIMEOUT_MS;
  }

  /** Takes the start-of-step snapshot. */
  async begin(): Promise<void> {
    this.start = await scrapeMetrics(this.url, { timeoutMs: this.timeoutMs });
  }

  /** Takes the end-of-step snapshot and returns the deltas since `begin`. */
  async end(): Promise<TargetSample> {
    const start = this.start;
    this.start = undefined;
    if (start === undefined)
      return { deltas: null, reason: 'no metrics snapshot was taken at the start of the step' };
    if (!start.ok) return { deltas: null, reason: start.reason };
    const end = await scrapeMetrics(this.url, { timeoutMs: this.timeoutMs });
    if (!end.ok) return { deltas: null, reason: end.reason };
    return { deltas: computeTargetDeltas(start.snapshot, end.snapshot, this.gauges), reason: null };
  }

  /** Runs `work` between a start and an end snapshot. */
  async around<T>(work: () => Promise<T>): Promise<{ readonly value: T } & TargetSample> {
    await this.begin();
    const value = await work();
    return { value, ...(await this.end()) };
  }
}
