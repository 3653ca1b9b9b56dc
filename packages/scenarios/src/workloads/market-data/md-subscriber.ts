/**
 * One market-data subscriber: a /v1/stream connection subscribed to `book:SYM` and/or
 * `trades:SYM` for its instruments, reading every update, checking its sequence and
 * timing its delivery. `open()` resolves once every subscription is confirmed (snapshot
 * or subscribed), refused (error, by code) or timed out.
 */
import WebSocket from 'ws';
import { errorCodeOf } from '../../drivers/error-code.js';
import type { MdWindow } from './md-window.js';
import { SequenceTracker } from './sequence-tracker.js';

interface MdMessage {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly channel?: unknown;
  readonly channels?: unknown;
  readonly symbol?: unknown;
  readonly seq?: unknown;
  readonly prev?: unknown;
  readonly ts?: unknown;
  readonly code?: unknown;
  readonly dropped?: unknown;
}

export interface SubscribeOutcome {
  readonly confirmed: number;
  /** refused or unconfirmed subscriptions, by code (TIMEOUT when unanswered) */
  readonly failed: Readonly<Record<string, number>>;
}

export class MdSubscriber {
  private socket: WebSocket | undefined;
  private readonly tracker = new SequenceTracker();
  private readonly waiting = new Set<string>();
  private closing = false;
  private onSettled: () => void = () => {};

  constructor(
    private readonly url: string,
    /** e.g. ['book:SYM00001', 'trades:SYM00001'] */
    readonly channels: readonly string[],
    private readonly window: MdWindow,
  ) {}

  async open(timeoutMs: number): Promise<SubscribeOutcome> {
    const failed: Record<string, number> = {};
    const fail = (code: string, n = 1): void => {
      failed[code] = (failed[code] ?? 0) + n;
      for (let i = 0; i < n; i++) this.window.error(code);
    };
    let socket: WebSocket;
    try {
      socket = await connect(this.url, timeoutMs);
    } catch (error) {
      fail(errorCodeOf(error), this.channels.length);
      return { confirmed: 0, failed };
    }
    this.socket = socket;
    socket.on('message', (data: Buffer) => this.received(data, fail));
    socket.on('error', () => undefined);
    socket.on('close', (code: number) => {
      if (!this.closing) {
        this.window.disconnects++;
        this.window.error(`WS_CLOSE_${code}`);
      }
      this.onSettled();
    });
    for (const channel of this.channels) this.waiting.add(channel);
    const settled = new Promise<void>((resolve) => (this.onSettled = resolve));
    const frame = this.channels.map((channel, i) => ({ type: 'subscribe', id: `s${i}`, channel }));
    socket.send(JSON.stringify(frame));
    const timer = setTimeout(() => this.onSettled(), timeoutMs);
    if (this.waiting.size > 0) await settled;
    clearTimeout(timer);
    if (this.waiting.size > 0) fail('TIMEOUT', this.waiting.size);
    this.waiting.clear();
    const refused = Object.values(failed).reduce((sum, n) => sum + n, 0);
    return { confirmed: this.channels.length - refused, failed };
  }

  close(): Promise<void> {
    this.closing = true;
    const socket = this.socket;
    if (socket === undefined || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        socket.terminate();
        resolve();
      }, 1000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.close(1000);
    });
  }

  private received(data: Buffer, fail: (code: string) => void): void {
    const now = performance.now();
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      this.window.error('BAD_MESSAGE');
      return;
    }
    if (Array.isArray(parsed)) for (const m of parsed as MdMessage[]) this.handle(m, now, fail);
    else this.handle(parsed as MdMessage, now, fail);
  }

  private handle(m: MdMessage, now: number, fail: (code: string) => void): void {
    switch (m.type) {
      case 'book':
      case 'trade': {
        const channel = `${m.type === 'book' ? 'book' : 'trades'}:${String(m.symbol)}`;
        const verdict = this.tracker.event(channel, Number(m.seq), Number(m.prev));
        this.window.update(Number(m.ts), now, verdict);
        return;
      }
      case 'snapshot':
      case 'subscribed':
        if (typeof m.channel === 'string' && typeof m.seq === 'number') {
          this.tracker.start(m.channel, m.seq);
          this.confirmed(m.channel);
        }
        return;
      case 'conflated':
        this.window.conflated(Number(m.dropped) || 0);
        if (Array.isArray(m.channels))
          for (const c of m.channels as unknown[]) this.tracker.suspend(String(c));
        return;
      case 'error': {
        const code = String(m.code);
        // A refused subscription names its channel, or at least echoes the subscribe's id (s<i>).
        const channel =
          typeof m.channel === 'string'
            ? m.channel
            : typeof m.id === 'string' && m.id.startsWith('s')
              ? this.channels[Number(m.id.slice(1))]
              : undefined;
        if (channel !== undefined && this.waiting.has(channel)) {
          fail(code);
          this.confirmed(channel);
        } else {
          this.window.error(code);
        }
        return;
      }
    }
  }

  private confirmed(channel: string): void {
    this.waiting.delete(channel);
    if (this.waiting.size === 0) this.onSettled();
  }
}

function connect(url: string, timeoutMs: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      perMessageDeflate: false,
      handshakeTimeout: timeoutMs,
      skipUTF8Validation: true,
    });
    socket.once('open', () => {
      socket.removeAllListeners();
      resolve(socket);
    });
    socket.once('error', (error) => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      reject(error);
    });
  });
}
