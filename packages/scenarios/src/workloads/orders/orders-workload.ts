/**
 * The orders workload: new limit and marketable orders (and the cancels that go with
 * them) on Zipf-popular instruments, at the step's rate, over WebSocket (default) or REST,
 * each connection a user of its own, calibrated to the plan's trades per order.
 *
 * prepare(): instruments from GET /v1/instruments, users with sessions (fixtures), books
 * pre-filled. runStep(): the open model at baseline × multiplier new orders/s. sweep():
 * the closed model at a fixed number of outstanding orders.
 */
import type { DriverResult } from '../../drivers/driver-types.js';
import { runClosedHttp, runOpenHttp } from '../../drivers/http/run-http.js';
import { runClosedWebSocket, runOpenWebSocket } from '../../drivers/websocket/run-websocket.js';
import { HeadroomError } from '../../errors.js';
import type { OrdersOptions } from '../../plan/types.js';
import { typedWorkload } from '../../plan/typed-workload.js';
import type { WorkloadStepResult } from '../../result/types.js';
import { fetchInstruments } from '../../target/fetch-instruments.js';
import { readJournalCounters } from '../../target/probe-target.js';
import { provisionUsers } from '../../target/provision-users.js';
import { emptyStepResult } from '../common/empty-step-result.js';
import { LiveTicker } from '../common/live-ticker.js';
import { namePrefix } from '../common/name-prefix.js';
import { stepResultFromDriver } from '../common/step-result-from-driver.js';
import type { StepSpec, SweepWindow, Workload, WorkloadContext } from '../workload.js';
import { ordersMeasures } from './orders-measures.js';
import { OrderFlow, type WindowCounts } from './order-flow.js';
import { OrdersWsProtocol } from './orders-ws-protocol.js';
import { RestOrderEntry } from './orders-rest.js';
import { prefillBooks } from './prefill-books.js';

/** ms per pre-filled order allowed on top of a fixed minute */
const PREFILL_MS_PER_ORDER = 2;

interface Prepared {
  readonly flow: OrderFlow;
  /** one session token per order-entry user (= connection) */
  readonly tokens: readonly string[];
}

export function createOrdersWorkload(context: WorkloadContext): Workload {
  return new OrdersWorkload(context);
}

class OrdersWorkload implements Workload {
  readonly kind = 'orders' as const;
  readonly name: string;
  private readonly options: OrdersOptions;
  private prepared: Prepared | undefined;

  constructor(private readonly context: WorkloadContext) {
    const w = typedWorkload(context.workload);
    if (w.kind !== 'orders')
      throw new HeadroomError('WRONG_WORKLOAD', 'internal', `orders got a ${w.kind} workload`);
    this.name = w.name;
    this.options = w.options;
  }

  async prepare(): Promise<void> {
    const { plan, target, log, signal } = this.context;
    const instruments = await fetchInstruments(target.baseUrl, plan.capacity.instruments);
    const users = this.options.connections;
    const provisioned = await provisionUsers(target, {
      users: users + 1,
      usernamePrefix: namePrefix(this.context.runId, this.name, 'ord'),
    });
    const { ordersPerSecond, tradesPerSecond } = plan.capacity;
    const ratio = ordersPerSecond > 0 ? tradesPerSecond / ordersPerSecond : 0;
    const flow = new OrderFlow(instruments, this.options, `${plan.seed}/${this.name}`, ratio, users);
    const orders = instruments.flatMap((_, i) => flow.generator.prefill(i));
    log(`${this.name}: pre-filling ${instruments.length} books with ${orders.length} resting orders`);
    const prefill = await prefillBooks({
      streamUrl: target.streamUrl,
      token: provisioned.tokens[users],
      orders,
      timeoutMs: 60_000 + orders.length * PREFILL_MS_PER_ORDER,
      signal,
    });
    const refused = Object.entries(prefill.rejects);
    if (refused.length > 0) {
      log(`${this.name}: pre-fill orders refused: ${refused.map(([c, n]) => `${c} ×${n}`).join(', ')}`);
    }
    log(`${this.name}: books pre-filled in ${(prefill.elapsedMs / 1000).toFixed(1)} s`);
    this.prepared = { flow, tokens: provisioned.tokens.slice(0, users) };
  }

  async runStep(step: StepSpec): Promise<WorkloadStepResult> {
    const { flow, tokens } = this.ready();
    const { target, plan, signal } = this.context;
    const targetRate = this.context.workload.baseline.value * step.multiplier;
    if (!(targetRate > 0)) {
      return emptyStepResult('orders', this.name, 'orders', 0, ['No orders: the step rate is 0 orders/s.']);
    }
    const ticker = new LiveTicker(this.name, step.onTick);
    let journalStart: ReturnType<typeof readJournalCounters> = Promise.resolve(null);
    let journalEnd: ReturnType<typeof readJournalCounters> = Promise.resolve(null);
    let counts: WindowCounts | undefined;
    const window = {
      durationSeconds: step.durationSeconds,
      warmupSeconds: step.warmupSeconds,
      timeoutMs: this.options.timeoutMs,
      signal,
      ratePerSecond: targetRate,
      arrival: this.context.workload.arrival,
      seed: `${plan.seed}/${this.name}`,
      stream: step.index,
      onMeasureStart: () => {
        flow.startWindow();
        ticker.measureStarted();
        journalStart = readJournalCounters(target);
        step.onMeasureStart?.();
      },
      onMeasureEnd: () => {
        counts = flow.endWindow();
        journalEnd = readJournalCounters(target);
        step.onMeasureEnd?.();
      },
    };
    ticker.start(step.warmupSeconds);
    let driver: DriverResult;
    try {
      if (this.options.transport === 'ws') {
        const protocol = new OrdersWsProtocol(flow, tokens, ticker, this.options.timeoutMs);
        driver = await runOpenWebSocket({
          url: target.streamUrl,
          protocol,
          connections: tokens.length,
          ...window,
        });
      } else {
        const rest = new RestOrderEntry(flow, target.baseUrl, tokens, ticker, this.options.timeoutMs);
        driver = await runOpenHttp({ ...rest.target(this.options.connections), ...window });
        await rest.settle();
      }
    } finally {
      ticker.stop();
    }
    // An interrupted run never reaches its window's end: what was counted so far stands.
    counts ??= flow.endWindow();
    const [start, end] = await Promise.all([journalStart, journalEnd]);
    const { measures, notes } = ordersMeasures(flow, counts, start, end, this.options.transport);
    return stepResultFromDriver({
      kind: 'orders',
      name: this.name,
      unit: 'orders',
      targetRate,
      driver,
      measures,
      notes,
    });
  }

  readonly sweep = async (
    concurrency: number,
    seconds: number,
    signal: AbortSignal,
    window: SweepWindow = {},
  ): Promise<DriverResult> => {
    const { flow, tokens } = this.ready();
    const run = {
      durationSeconds: seconds,
      warmupSeconds: window.warmupSeconds ?? 1,
      timeoutMs: this.options.timeoutMs,
      signal,
      ...(window.onMeasureStart === undefined ? {} : { onMeasureStart: window.onMeasureStart }),
      ...(window.onMeasureEnd === undefined ? {} : { onMeasureEnd: window.onMeasureEnd }),
    };
    if (this.options.transport === 'ws') {
      const protocol = new OrdersWsProtocol(flow, tokens, undefined, this.options.timeoutMs);
      const connections = Math.min(concurrency, tokens.length);
      return runClosedWebSocket({
        url: this.context.target.streamUrl,
        protocol,
        connections,
        concurrency,
        ...run,
      });
    }
    const rest = new RestOrderEntry(
      flow,
      this.context.target.baseUrl,
      tokens,
      undefined,
      this.options.timeoutMs,
    );
    const result = await runClosedHttp({ ...rest.target(concurrency), ...run });
    await rest.settle();
    return result;
  };

  async close(): Promise<void> {
    this.prepared = undefined;
    return Promise.resolve();
  }

  private ready(): Prepared {
    if (this.prepared === undefined) {
      throw new HeadroomError('NOT_PREPARED', 'internal', `workload ${this.name}: runStep before prepare`);
    }
    return this.prepared;
  }
}
