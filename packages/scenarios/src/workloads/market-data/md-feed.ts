/**
 * A light order feed for market-data steps that run without the orders workload (the
 * isolated runs): it places and cancels small resting buy orders far below each
 * instrument's reference price — where nothing trades — so every order and every cancel
 * is exactly one book change, published to the instrument's `book:` subscribers. Each
 * instrument is picked in proportion to how many subscribers watch its book, and the rate
 * is what makes the deliveries reach the step's target:
 *
 *   deliveries/s = orders/s × E[subscribers of the chosen instrument] = orders/s × Σc² / Σc
 *
 * Paced in 10 ms batches (one frame each); not measured itself.
 */
import WebSocket from 'ws';
import type { Prng } from '../../random/prng.js';
import type { InstrumentInfo } from '../../target/fetch-instruments.js';
import { authenticateSocket } from '../common/authenticate-socket.js';

/** orders/s at most, whatever the target asks for: a feed, not a load test of order entry */
export const MAX_FEED_RATE = 20_000;
/** own resting orders kept; beyond this each order is a cancel of the oldest */
const RESTING = 500;
/** ms */
const TICK_MS = 10;
/** messages per frame at most (the protocol allows 1,000, and frames must stay under 64 KiB) */
const MAX_FRAME_MESSAGES = 250;

export interface FeedPlan {
  /** orders + cancels per second */
  readonly ratePerSecond: number;
  /** instrument indexes and their weights (book subscribers) */
  readonly instruments: readonly number[];
  readonly weights: readonly number[];
}

/** The feed's rate and instrument weights for subscriber counts per instrument. */
export function planFeed(
  bookSubscribers: ReadonlyMap<number, number>,
  deliveriesPerSecond: number,
): FeedPlan | null {
  const instruments = [...bookSubscribers.keys()];
  const weights = instruments.map((i) => bookSubscribers.get(i)!);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0 || !(deliveriesPerSecond > 0)) return null;
  const perEvent = weights.reduce((a, c) => a + c * c, 0) / sum;
  return { ratePerSecond: Math.min(MAX_FEED_RATE, deliveriesPerSecond / perEvent), instruments, weights };
}

export class MdFeed {
  private socket: WebSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly resting: number[] = [];
  private readonly cumulative: Float64Array;
  private owed = 0;
  private lastTick = 0;
  private seq = 0;
  /** orders and cancels sent */
  sent = 0;

  constructor(
    private readonly plan: FeedPlan,
    private readonly instruments: readonly InstrumentInfo[],
    private readonly prng: Prng,
  ) {
    this.cumulative = new Float64Array(plan.weights.length);
    let sum = 0;
    plan.weights.forEach((w, k) => (this.cumulative[k] = sum += w));
  }

  async start(streamUrl: string, token: string, timeoutMs: number): Promise<void> {
    const socket = new WebSocket(streamUrl, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('error', () => undefined);
    this.socket = socket;
    await authenticateSocket(socket, token, timeoutMs);
    socket.on('message', (data: Buffer) => this.acked(data));
    this.lastTick = performance.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.socket?.terminate();
    this.socket = undefined;
  }

  private tick(): void {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) return;
    const now = performance.now();
    this.owed += ((now - this.lastTick) / 1000) * this.plan.ratePerSecond;
    this.lastTick = now;
    const n = Math.min(MAX_FRAME_MESSAGES, Math.floor(this.owed));
    if (n === 0) return;
    this.owed -= n;
    const messages: string[] = [];
    for (let k = 0; k < n; k++) messages.push(this.next());
    socket.send(`[${messages.join(',')}]`);
    this.sent += n;
  }

  private next(): string {
    const id = this.seq++;
    if (this.resting.length >= RESTING) {
      return `{"type":"cancel","id":${id},"orderId":${this.resting.shift()!}}`;
    }
    const info = this.instruments[this.pick()];
    const ticks = Math.max(1, Math.floor(info.referencePrice / info.tickSize / 2) - this.prng.nextInt(5));
    return (
      `{"type":"order","id":${id},"clientOrderId":"f${id.toString(36)}","symbol":${JSON.stringify(info.symbol)},` +
      `"side":"buy","orderType":"limit","price":${ticks * info.tickSize},"quantity":${info.lotSize}}`
    );
  }

  private pick(): number {
    const c = this.cumulative;
    const u = this.prng.next() * c[c.length - 1];
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return this.plan.instruments[lo];
  }

  private acked(data: Buffer): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return;
    }
    for (const m of Array.isArray(parsed) ? (parsed as unknown[]) : [parsed]) {
      const { type, ref, orderId, status } = (m ?? {}) as {
        type?: unknown;
        ref?: unknown;
        orderId?: unknown;
        status?: unknown;
      };
      if (type === 'ack' && ref === 'order' && status === 'resting' && typeof orderId === 'number') {
        this.resting.push(orderId);
      }
    }
  }
}
