/**
 * Load drivers of `bench:system`: order entry over WebSocket and over REST (closed loop: a
 * fixed number of orders outstanding, so the figures are throughput at that concurrency and the
 * service time seen by a client, not latency at an offered rate), and market data (an open-loop
 * order flow at a fixed rate while subscribers measure delivery from each event's `ts`).
 */
import http from 'node:http';
import { build, type Histogram } from 'hdr-histogram-js';
import WebSocket from 'ws';
import { mulberry32 } from '../src/prng.js';
import type { BenchInstrument } from './system-target.js';

export interface LatencySummary {
  readonly count: number;
  /** ms */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export function histogram(): Histogram {
  // µs, up to 60 s, 3 significant digits
  return build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

export function summarise(h: Histogram): LatencySummary {
  const ms = (us: number): number => Math.round(us) / 1000;
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}

/** Epoch ms with µs fraction, on the clock the service stamps `ts` with. */
function nowEpochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Limit orders around each instrument's reference price: 60% GTC a few ticks away on the
 * passive side (they rest), 40% IOC through the touch (they trade against the resting ones).
 */
export class OrderMaker {
  private readonly random: () => number;
  private next = 0;

  constructor(
    private readonly instruments: readonly BenchInstrument[],
    seed: number,
    private readonly prefix: string,
  ) {
    this.random = mulberry32(seed);
  }

  order(): {
    clientOrderId: string;
    symbol: string;
    side: 'buy' | 'sell';
    price: number;
    quantity: number;
    timeInForce: 'GTC' | 'IOC';
  } {
    const spec = this.instruments[Math.floor(this.random() * this.instruments.length)];
    const buy = this.random() < 0.5;
    const passive = this.random() < 0.6;
    const ticks = passive ? -(1 + Math.floor(this.random() * 4)) : 5; // towards the own side when passive
    const price = spec.referencePrice + (buy ? ticks : -ticks) * spec.tickSize;
    return {
      clientOrderId: `${this.prefix}-${this.next++}`,
      symbol: spec.symbol,
      side: buy ? 'buy' : 'sell',
      price: Math.max(spec.tickSize, price),
      quantity: (1 + Math.floor(this.random() * 3)) * spec.lotSize,
      timeInForce: passive ? 'GTC' : 'IOC',
    };
  }
}

type Frame = {
  type: string;
  id?: number;
  ts?: number;
  seq?: number;
  prev?: number;
  channel?: string;
  symbol?: string;
};

function parseFrame(data: WebSocket.RawData): Frame[] {
  const value = JSON.parse((data as Buffer).toString('utf8')) as Frame | Frame[];
  return Array.isArray(value) ? value : [value];
}

async function open(url: string, token?: string): Promise<WebSocket> {
  const ws = new WebSocket(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

export interface OrderLoadResult {
  readonly acknowledged: number;
  readonly rejected: number;
  /** acknowledged orders per second */
  readonly ordersPerSecond: number;
  /** send → ack */
  readonly latency: LatencySummary;
}

/** `connections` WebSocket sessions, each keeping `window` orders outstanding, for `seconds`. */
export async function wsOrderLoad(
  wsUrl: string,
  tokens: readonly string[],
  instruments: readonly BenchInstrument[],
  options: { connections: number; window: number; seconds: number },
): Promise<OrderLoadResult> {
  const h = histogram();
  let acknowledged = 0;
  let rejected = 0;
  const sockets = await Promise.all(tokens.slice(0, options.connections).map((token) => open(wsUrl, token)));
  const deadline = performance.now() + options.seconds * 1000;
  const startedAt = performance.now();
  await Promise.all(
    sockets.map(
      (ws, c) =>
        new Promise<void>((resolve) => {
          const maker = new OrderMaker(instruments, 1000 + c, `ws${c}`);
          const sentAt = new Map<number, number>();
          let nextId = 1;
          const send = (): void => {
            const id = nextId++;
            sentAt.set(id, performance.now());
            ws.send(JSON.stringify({ type: 'order', id, orderType: 'limit', ...maker.order() }));
          };
          ws.on('message', (data) => {
            const now = performance.now();
            for (const m of parseFrame(data)) {
              if ((m.type !== 'ack' && m.type !== 'reject') || m.id === undefined || !sentAt.has(m.id))
                continue;
              h.recordValue(Math.max(1, Math.round((now - sentAt.get(m.id)!) * 1000)));
              sentAt.delete(m.id);
              if (m.type === 'ack') acknowledged++;
              else rejected++;
              if (now < deadline) send();
              else if (sentAt.size === 0) resolve();
            }
          });
          for (let i = 0; i < options.window; i++) send();
        }),
    ),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  for (const ws of sockets) ws.close();
  return { acknowledged, rejected, ordersPerSecond: acknowledged / seconds, latency: summarise(h) };
}

/** `concurrency` keep-alive HTTP loops, each POSTing one order at a time, for `seconds`. */
export async function restOrderLoad(
  url: string,
  tokens: readonly string[],
  instruments: readonly BenchInstrument[],
  options: { concurrency: number; seconds: number },
): Promise<OrderLoadResult> {
  const h = histogram();
  let acknowledged = 0;
  let rejected = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency, noDelay: true });
  const target = new URL('/v1/orders', url);
  const post = (token: string, body: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const request = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          response.resume();
          response.once('end', () => resolve(response.statusCode ?? 0));
        },
      );
      request.once('error', reject);
      request.end(body);
    });
  const deadline = performance.now() + options.seconds * 1000;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, c) => {
      const maker = new OrderMaker(instruments, 2000 + c, `rest${c}`);
      const token = tokens[c % tokens.length];
      while (performance.now() < deadline) {
        const body = JSON.stringify({ type: 'limit', ...maker.order() });
        const sent = performance.now();
        const status = await post(token, body);
        h.recordValue(Math.max(1, Math.round((performance.now() - sent) * 1000)));
        if (status === 201) acknowledged++;
        else rejected++;
      }
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  agent.destroy();
  return { acknowledged, rejected, ordersPerSecond: acknowledged / seconds, latency: summarise(h) };
}

export interface MarketDataLoadResult {
  readonly subscribers: number;
  readonly channels: number;
  readonly ordersSent: number;
  /** book and trade messages received by all subscribers */
  readonly updates: number;
  readonly updatesPerSecond: number;
  /** event `ts` → received by the subscriber */
  readonly latency: LatencySummary;
  readonly gaps: number;
  readonly conflatedNotices: number;
  readonly disconnected: number;
}

/**
 * `subscribers` connections, each subscribed to book and trades of `instrumentsEach` of the
 * instruments, while one session sends orders at `ordersPerSecond` (open loop, in 10 ms batches).
 */
export async function marketDataLoad(
  wsUrl: string,
  token: string,
  instruments: readonly BenchInstrument[],
  options: { subscribers: number; instrumentsEach: number; ordersPerSecond: number; seconds: number },
): Promise<MarketDataLoadResult> {
  const h = histogram();
  let updates = 0;
  let gaps = 0;
  let conflatedNotices = 0;
  let disconnected = 0;
  let measuring = false;
  let finished = false;
  const subscribers: WebSocket[] = [];
  let pendingSnapshots = 0;
  let allSubscribed: () => void = () => undefined;
  const subscribed = new Promise<void>((resolve) => (allSubscribed = resolve));
  for (let s = 0; s < options.subscribers; s++) {
    const ws = await open(wsUrl);
    const last = new Map<string, number>();
    ws.on('message', (data) => {
      const now = nowEpochMs();
      for (const m of parseFrame(data)) {
        if (m.type === 'book' || m.type === 'trade') {
          const channel = `${m.type === 'book' ? 'book' : 'trades'}:${m.symbol}`;
          const seen = last.get(channel);
          if (seen !== undefined && m.prev! > seen) gaps++;
          last.set(channel, m.seq!);
          if (!measuring) continue;
          updates++;
          h.recordValue(Math.max(1, Math.round((now - m.ts!) * 1000)));
        } else if (m.type === 'snapshot' || m.type === 'subscribed') {
          last.set(m.channel!, m.seq!);
          if (--pendingSnapshots === 0) allSubscribed();
        } else if (m.type === 'conflated') {
          conflatedNotices++; // the snapshots that follow reset `last`
        }
      }
    });
    ws.once('close', () => {
      if (!finished) disconnected++;
    });
    const channels: { type: string; channel: string }[] = [];
    for (let k = 0; k < options.instrumentsEach; k++) {
      const symbol = instruments[(s + k * 7) % instruments.length].symbol;
      channels.push(
        { type: 'subscribe', channel: `book:${symbol}` },
        { type: 'subscribe', channel: `trades:${symbol}` },
      );
    }
    pendingSnapshots += channels.length;
    ws.send(JSON.stringify(channels));
    subscribers.push(ws);
  }
  await subscribed;
  const driver = await open(wsUrl, token);
  driver.on('message', () => undefined);
  const maker = new OrderMaker(instruments, 3000, 'md');
  let ordersSent = 0;
  measuring = true;
  const startedAt = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - startedAt) / 1000;
      if (elapsed >= options.seconds) {
        clearInterval(timer);
        resolve();
        return;
      }
      const due = Math.floor(elapsed * options.ordersPerSecond) - ordersSent;
      const batch: unknown[] = [];
      for (let i = 0; i < Math.min(due, 1000); i++)
        batch.push({ type: 'order', orderType: 'limit', ...maker.order() });
      if (batch.length > 0) driver.send(JSON.stringify(batch));
      ordersSent += batch.length;
    }, 10);
  });
  // Let what is in flight arrive, then stop counting.
  await new Promise((resolve) => setTimeout(resolve, 250));
  const seconds = (performance.now() - startedAt) / 1000;
  measuring = false;
  finished = true;
  driver.close();
  for (const ws of subscribers) ws.close();
  return {
    subscribers: options.subscribers,
    channels: options.subscribers * options.instrumentsEach * 2,
    ordersSent,
    updates,
    updatesPerSecond: updates / seconds,
    latency: summarise(h),
    gaps,
    conflatedNotices,
    disconnected,
  };
}
