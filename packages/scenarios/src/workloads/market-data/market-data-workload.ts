/**
 * The market-data workload: N subscriber connections (× the step multiplier when
 * `scaleWithStep`), each subscribed to K Zipf-popular instruments on the plan's channels,
 * measuring delivered updates/s, delivery latency from each event's `ts`, gaps from `seq`,
 * conflations and disconnects. The events come from the orders workload when it runs in
 * the same step, otherwise from a light feed of its own (see MdFeed).
 */
import { HeadroomError } from '../../errors.js';
import { GeneratorMonitor, type GeneratorSample } from '../../monitor/generator-monitor.js';
import type { MarketDataOptions } from '../../plan/types.js';
import { typedWorkload } from '../../plan/typed-workload.js';
import { createPrng } from '../../random/prng.js';
import type { WorkloadStepResult } from '../../result/types.js';
import { fetchInstruments, type InstrumentInfo } from '../../target/fetch-instruments.js';
import { provisionUsers } from '../../target/provision-users.js';
import { emptyStepResult } from '../common/empty-step-result.js';
import { LiveTicker } from '../common/live-ticker.js';
import { namePrefix } from '../common/name-prefix.js';
import { waitFor } from '../common/wait-for.js';
import { ZipfSampler } from '../common/zipf-sampler.js';
import type { StepSpec, Workload, WorkloadContext } from '../workload.js';
import { MdFeed, planFeed } from './md-feed.js';
import { marketDataStepResult } from './md-step-result.js';
import { MdSubscriber } from './md-subscriber.js';
import { MdWindow } from './md-window.js';

/** connections opened at once */
const PARALLEL_OPENS = 64;

export function createMarketDataWorkload(context: WorkloadContext): Workload {
  return new MarketDataWorkload(context);
}

/** A step's subscribers, opened before the step's clocks start. */
interface OpenedStep {
  readonly step: StepSpec;
  /** updates/s */
  readonly targetRate: number;
  readonly ticker: LiveTicker;
  readonly window: MdWindow;
  readonly subscribers: readonly MdSubscriber[];
  /** subscriptions confirmed */
  readonly confirmed: number;
}

class MarketDataWorkload implements Workload {
  readonly kind = 'market-data' as const;
  readonly name: string;
  private readonly options: MarketDataOptions;
  private instruments: readonly InstrumentInfo[] = [];
  private feedToken: string | undefined;
  private opened: OpenedStep | undefined;

  constructor(private readonly context: WorkloadContext) {
    const w = typedWorkload(context.workload);
    if (w.kind !== 'market-data') {
      throw new HeadroomError('WRONG_WORKLOAD', 'internal', `market-data got a ${w.kind} workload`);
    }
    this.name = w.name;
    this.options = w.options;
  }

  async prepare(): Promise<void> {
    const { target, plan } = this.context;
    this.instruments = await fetchInstruments(target.baseUrl, plan.capacity.instruments);
    const feeder = await provisionUsers(target, {
      users: 1,
      usernamePrefix: namePrefix(this.context.runId, this.name, 'feed'),
    });
    this.feedToken = feeder.tokens[0];
  }

  async openStep(step: StepSpec): Promise<void> {
    this.opened = await this.open(step);
  }

  async runStep(step: StepSpec): Promise<WorkloadStepResult> {
    const { signal } = this.context;
    const opened = this.opened?.step === step ? this.opened : await this.open(step);
    this.opened = undefined;
    const { ticker, window, subscribers, confirmed, targetRate } = opened;
    const notes: string[] = [
      'Latency is end-to-end from each event’s ts (the target’s clock when it produced the event) to its receipt; nothing is scheduled by the generator, so corrected and raw are the same measurement.',
    ];
    if (confirmed === 0) {
      await Promise.all(subscribers.map((s) => s.close()));
      const codes = Object.fromEntries(window.errors);
      return emptyStepResult(
        'market-data',
        this.name,
        'updates',
        targetRate,
        [`No subscription was confirmed (${describe(codes)}): nothing could be measured.`],
        codes,
      );
    }
    const feed = await this.startFeed(step, subscribers, targetRate, notes);
    const monitor = new GeneratorMonitor();
    ticker.start(step.warmupSeconds);
    let measuredSeconds = 0;
    let sample: GeneratorSample | undefined;
    try {
      if (await waitFor(step.warmupSeconds * 1000, signal)) {
        const startMs = performance.now();
        window.begin(startMs);
        monitor.start();
        ticker.measureStarted();
        step.onMeasureStart?.();
        await waitFor(step.durationSeconds * 1000, signal);
        window.end();
        sample = monitor.stop();
        measuredSeconds = (performance.now() - startMs) / 1000;
        step.onMeasureEnd?.();
      }
    } finally {
      ticker.stop();
      feed?.stop();
      await Promise.all(subscribers.map((s) => s.close()));
    }
    if (feed !== undefined)
      notes.push(
        `Events came from the workload's own feed: ${feed.sent} orders and cancels (no orders workload ran in this step).`,
      );
    // A full window is the step's duration (timers fire a few ms late; those ms are not a second of their own).
    const timelineSeconds = signal.aborted
      ? measuredSeconds
      : Math.min(measuredSeconds, step.durationSeconds);
    return marketDataStepResult({
      name: this.name,
      window,
      sample,
      targetRate,
      seconds: measuredSeconds,
      timelineSeconds,
      subscribers: subscribers.length,
      subscriptions: confirmed,
      interrupted: signal.aborted,
      notes,
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.opened?.subscribers.map((s) => s.close()) ?? []);
    this.opened = undefined;
  }

  /** The step's subscribers, connected and subscribed (or refused, counted by code). */
  private async open(step: StepSpec): Promise<OpenedStep> {
    const { options } = this;
    const targetRate = this.context.workload.baseline.value * step.multiplier;
    const count = Math.max(
      1,
      Math.round(options.subscribers * (options.scaleWithStep ? step.multiplier : 1)),
    );
    const ticker = new LiveTicker(this.name, step.onTick);
    const window = new MdWindow(ticker);
    const subscribers = this.subscribers(count, window);
    const { confirmed } = await openAll(subscribers, options.timeoutMs, this.context.signal);
    return { step, targetRate, ticker, window, subscribers, confirmed };
  }

  /** Subscriber k watches the same instruments in every step (its own seeded stream). */
  private subscribers(count: number, window: MdWindow): MdSubscriber[] {
    const { options, instruments } = this;
    const zipf = new ZipfSampler(instruments.length, options.zipfExponent);
    return Array.from({ length: count }, (_, k) => {
      const prng = createPrng(`${this.context.plan.seed}/${this.name}`, k);
      const chosen = zipf.sampleDistinct(prng, options.instrumentsPerSubscriber);
      const channels = chosen.flatMap((i) => options.channels.map((c) => `${c}:${instruments[i].symbol}`));
      return new MdSubscriber(this.context.target.streamUrl, channels, window);
    });
  }

  private async startFeed(
    step: StepSpec,
    subscribers: readonly MdSubscriber[],
    targetRate: number,
    notes: string[],
  ): Promise<MdFeed | undefined> {
    if (step.companions.includes('orders') || this.feedToken === undefined) return undefined;
    const bySymbol = new Map(this.instruments.map((info, i) => [info.symbol, i]));
    const bookSubscribers = new Map<number, number>();
    for (const s of subscribers) {
      for (const channel of s.channels) {
        if (!channel.startsWith('book:')) continue;
        const i = bySymbol.get(channel.slice(5))!;
        bookSubscribers.set(i, (bookSubscribers.get(i) ?? 0) + 1);
      }
    }
    const plan = planFeed(bookSubscribers, targetRate);
    if (plan === null) {
      notes.push('No orders workload ran and no subscriber watches a book, so no events were produced.');
      return undefined;
    }
    const feed = new MdFeed(
      plan,
      this.instruments,
      createPrng(`${this.context.plan.seed}/${this.name}/feed`, step.index),
    );
    try {
      await feed.start(this.context.target.streamUrl, this.feedToken, this.options.timeoutMs);
    } catch (error) {
      feed.stop();
      notes.push(
        `The workload's own order feed could not start (${(error as Error).message}); no events were produced.`,
      );
      return undefined;
    }
    return feed;
  }
}

/** Opens the subscribers, PARALLEL_OPENS at a time; stops starting new ones once `signal` aborts. */
async function openAll(
  subscribers: readonly MdSubscriber[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<{ confirmed: number }> {
  let next = 0;
  let confirmed = 0;
  const worker = async (): Promise<void> => {
    while (next < subscribers.length && !signal.aborted) {
      const outcome = await subscribers[next++].open(timeoutMs);
      confirmed += outcome.confirmed;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_OPENS, subscribers.length) }, worker));
  return { confirmed };
}

function describe(codes: Readonly<Record<string, number>>): string {
  const parts = Object.entries(codes).map(([c, n]) => `${c} ×${n}`);
  return parts.length === 0 ? 'no answer' : parts.join(', ');
}
