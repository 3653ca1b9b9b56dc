/**
 * A market-data subscriber for tests: a real `ws` client that checks what an outside client
 * would check. It rebuilds each book from its snapshot and deltas, tracks seq per channel and
 * records every gap (`prev` greater than the last seq seen) or stale message (`seq` not above it).
 */
import type { Socket } from 'node:net';
import WebSocket from 'ws';

export interface ClientBook {
  readonly bids: Map<number, number>;
  readonly asks: Map<number, number>;
}

/** A server message as received; which fields are present depends on `type` (see PROTOCOL.md). */
export interface WireMessage {
  readonly type: string;
  /** The request id a reply echoes. */
  readonly id?: string | number;
  readonly channel?: string;
  readonly channels?: string[];
  readonly symbol?: string;
  readonly seq?: number;
  readonly prev?: number;
  readonly ts?: number;
  readonly side?: 'buy' | 'sell';
  readonly price?: number;
  readonly quantity?: number;
  readonly bids?: { price: number; quantity: number; orders: number }[];
  readonly asks?: { price: number; quantity: number; orders: number }[];
  readonly code?: string;
  readonly message?: string;
  readonly dropped?: number;
  readonly since?: number;
}

export class MdTestClient {
  readonly messages: WireMessage[] = [];
  readonly books = new Map<string, ClientBook>();
  /** channel → last seq seen */
  readonly lastSeq = new Map<string, number>();
  /** Problems found: gaps, stale or unexpected events. */
  readonly problems: string[] = [];
  frames = 0;
  closeCode: number | undefined;
  closeReason = '';
  /** The TCP socket under the WebSocket, to stop reading (pause) in slow-consumer tests. */
  tcp: Socket | undefined;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('upgrade', (response) => (this.tcp = response.socket));
    ws.on('message', (data) => {
      this.frames += 1;
      const parsed = JSON.parse((data as Buffer).toString('utf8')) as WireMessage | WireMessage[];
      for (const message of Array.isArray(parsed) ? parsed : [parsed]) this.handle(message);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = String(reason);
      this.wake();
    });
  }

  static async connect(url: string): Promise<MdTestClient> {
    const ws = new WebSocket(url);
    const client = new MdTestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  ofType(type: string): WireMessage[] {
    return this.messages.filter((m) => m.type === type);
  }

  /** Resolves when `predicate` holds (checked after every frame), rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The rebuilt book as sorted [price, quantity] pairs, best first. */
  levels(symbol: string): { bids: [number, number][]; asks: [number, number][] } {
    const book = this.books.get(symbol);
    const sorted = (side: Map<number, number> | undefined, descending: boolean): [number, number][] =>
      [...(side ?? new Map<number, number>())].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
    return { bids: sorted(book?.bids, true), asks: sorted(book?.asks, false) };
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.ws.close();
    await closed;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private handle(message: WireMessage): void {
    this.messages.push(message);
    const symbol = message.symbol ?? '';
    const seq = message.seq ?? Number.NaN;
    switch (message.type) {
      case 'snapshot': {
        const book: ClientBook = { bids: new Map(), asks: new Map() };
        for (const level of message.bids ?? []) book.bids.set(level.price, level.quantity);
        for (const level of message.asks ?? []) book.asks.set(level.price, level.quantity);
        this.books.set(symbol, book);
        this.lastSeq.set(message.channel ?? '', seq);
        break;
      }
      case 'subscribed':
        this.lastSeq.set(message.channel ?? '', seq);
        break;
      case 'book':
      case 'trade': {
        const channel = `${message.type === 'book' ? 'book' : 'trades'}:${symbol}`;
        const last = this.lastSeq.get(channel);
        const prev = message.prev ?? Number.NaN;
        if (last === undefined) this.problems.push(`${channel} seq ${seq} before its snapshot`);
        else if (!(seq > last)) this.problems.push(`${channel} stale seq ${seq} after ${last}`);
        else if (!(prev <= last)) this.problems.push(`${channel} gap: prev ${prev} after ${last}`);
        if (typeof message.ts !== 'number') this.problems.push(`${channel} seq ${seq} without ts`);
        this.lastSeq.set(channel, seq);
        if (message.type === 'book') {
          const book = this.books.get(symbol);
          const side = message.side === 'buy' ? book?.bids : book?.asks;
          const price = message.price ?? Number.NaN;
          if (message.quantity === 0) side?.delete(price);
          else side?.set(price, message.quantity ?? Number.NaN);
        }
        break;
      }
      default:
        break;
    }
  }
}
