/**
 * The window of a mixed step over which the target's metrics are taken. Each workload
 * measures its own window; they start together (slow set-up is done in `openStep` first)
 * but not exactly: a workload that opens thousands of connections inside its step starts
 * measuring later. The target's deltas should cover the time when every workload was
 * loading it — the intersection [last start, first end] — so a snapshot is taken at every
 * window start and end, and the intersection is used when it covers at least half the
 * planned window; otherwise the union [first start, last end], with a note saying so.
 */
import type { TargetDeltas } from '../result/types.js';
import { scrapeMetrics, type ScrapeOutcome } from '../target-metrics/scrape-metrics.js';
import { computeTargetDeltas } from '../target-metrics/target-deltas.js';

interface Mark {
  /** performance.now() ms */
  readonly at: number;
  /** null when the target serves no metrics */
  readonly scrape: Promise<ScrapeOutcome> | null;
}

export interface ChosenWindow {
  /** performance.now() ms; undefined when no workload measured */
  readonly startMs: number | undefined;
  readonly seconds: number;
  readonly deltas: TargetDeltas | null;
  /** why deltas are null, or what a reader should know about the window */
  readonly note: string | null;
}

/** the intersection must cover this share of the planned window to be used */
const MIN_OVERLAP = 0.5;

export class StepWindows {
  private readonly starts = new Map<number, Mark>();
  private readonly ends = new Map<number, Mark>();

  /** @param metricsUrl null when the target serves no metrics */
  constructor(private readonly metricsUrl: string | null) {}

  started(workload: number): void {
    if (!this.starts.has(workload)) this.starts.set(workload, this.mark());
  }

  /** Its window ended (or it returned without one: then nothing is recorded). */
  ended(workload: number): void {
    if (this.starts.has(workload) && !this.ends.has(workload)) this.ends.set(workload, this.mark());
  }

  async choose(plannedSeconds: number, names: readonly string[]): Promise<ChosenWindow> {
    const measured = [...this.starts.keys()];
    if (measured.length === 0) return { startMs: undefined, seconds: 0, deltas: null, note: null };
    // A window cut short (interrupt) ends now.
    for (const w of measured) this.ended(w);
    const starts = measured.map((w) => this.starts.get(w)!);
    const ends = measured.map((w) => this.ends.get(w)!);
    const lastStart = starts.reduce((a, b) => (b.at > a.at ? b : a));
    const firstEnd = ends.reduce((a, b) => (b.at < a.at ? b : a));
    const overlap = (firstEnd.at - lastStart.at) / 1000;
    let from: Mark;
    let to: Mark;
    let note: string | null = null;
    if (measured.length === 1 || overlap >= MIN_OVERLAP * plannedSeconds) {
      [from, to] = [lastStart, firstEnd];
    } else {
      from = starts.reduce((a, b) => (b.at < a.at ? b : a));
      to = ends.reduce((a, b) => (b.at > a.at ? b : a));
      const late = measured.filter((w) => this.starts.get(w) === lastStart).map((w) => names[w]);
      note = `the workloads' windows overlapped only ${Math.max(0, overlap).toFixed(1)} s (${late.join(', ')} started measuring last), so the target's figures cover all of them, ${((to.at - from.at) / 1000).toFixed(1)} s, part of it under partial load`;
    }
    const seconds = Math.round(to.at - from.at) / 1000;
    if (from.scrape === null || to.scrape === null) return { startMs: from.at, seconds, deltas: null, note };
    const [start, end] = await Promise.all([from.scrape, to.scrape]);
    if (!start.ok)
      return { startMs: from.at, seconds, deltas: null, note: `no target metrics (${start.reason})` };
    if (!end.ok)
      return { startMs: from.at, seconds, deltas: null, note: `no target metrics (${end.reason})` };
    return { startMs: from.at, seconds, deltas: computeTargetDeltas(start.snapshot, end.snapshot), note };
  }

  private mark(): Mark {
    return {
      at: performance.now(),
      scrape: this.metricsUrl === null ? null : scrapeMetrics(this.metricsUrl),
    };
  }
}
