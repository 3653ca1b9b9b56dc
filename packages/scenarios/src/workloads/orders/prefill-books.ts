/**
 * Fills every traded instrument's book before anything is measured: `prefillLevels`
 * resting orders per side around the mid, from a user of their own (never cancelled), so
 * the first marketable orders find liquidity and the first steps do not measure an empty
 * exchange. Orders go in frames of up to FRAME_BYTES, with at most MAX_OUTSTANDING
 * unanswered, well under the target's pending-order limit.
 */
import WebSocket from 'ws';
import { HeadroomError } from '../../errors.js';
import { authenticateSocket } from '../common/authenticate-socket.js';
import type { GeneratedOrder } from './order-generator.js';

/** bytes per frame at most: the reference system closes a connection whose frame exceeds 64 KiB (1009) */
const FRAME_BYTES = 48 * 1024;
const MAX_OUTSTANDING = 4000;

export interface PrefillResult {
  readonly orders: number;
  readonly rejects: Readonly<Record<string, number>>;
  /** ms */
  readonly elapsedMs: number;
}

export interface PrefillOptions {
  readonly streamUrl: string;
  readonly token: string;
  readonly orders: readonly GeneratedOrder[];
  /** ms for the whole pre-fill */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

export async function prefillBooks(options: PrefillOptions): Promise<PrefillResult> {
  const started = performance.now();
  const socket = await openSocket(options.streamUrl, Math.min(options.timeoutMs, 10_000));
  try {
    await authenticateSocket(socket, options.token, 10_000);
    const rejects = await sendAll(socket, options);
    return { orders: options.orders.length, rejects, elapsedMs: performance.now() - started };
  } finally {
    socket.terminate();
  }
}

function sendAll(
  socket: WebSocket,
  { orders, timeoutMs, signal }: PrefillOptions,
): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const rejects: Record<string, number> = {};
    let sent = 0;
    let answered = 0;
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      socket.off('message', onMessage);
      socket.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) resolve(rejects);
      else reject(error);
    };
    const pump = (): void => {
      while (sent < orders.length && sent - answered < MAX_OUTSTANDING) {
        let frame = '';
        while (sent < orders.length && frame.length < FRAME_BYTES - 512) {
          frame += `${frame === '' ? '' : ','}${orderMessage(orders[sent], sent)}`;
          sent++;
        }
        socket.send(`[${frame}]`);
      }
    };
    const onMessage = (data: Buffer): void => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        return;
      }
      for (const m of Array.isArray(parsed) ? (parsed as unknown[]) : [parsed]) {
        const { type, ref, code } = (m ?? {}) as { type?: unknown; ref?: unknown; code?: unknown };
        if (ref !== 'order') continue;
        answered++;
        if (type === 'reject') rejects[String(code)] = (rejects[String(code)] ?? 0) + 1;
      }
      if (answered >= orders.length) finish();
      else pump();
    };
    const onClose = (code: number): void =>
      finish(
        new HeadroomError('PREFILL_FAILED', 'target', `the stream closed (${code}) while pre-filling books`),
      );
    const onAbort = (): void =>
      finish(new HeadroomError('INTERRUPTED', 'interrupted', 'pre-filling interrupted'));
    const timer = setTimeout(
      () =>
        finish(
          new HeadroomError(
            'PREFILL_TIMEOUT',
            'target',
            `pre-filling books: ${answered} of ${orders.length} orders answered within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    socket.on('message', onMessage);
    socket.on('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
    if (orders.length === 0) finish();
    else pump();
  });
}

function orderMessage(o: GeneratedOrder, n: number): string {
  return (
    `{"type":"order","id":${n},"clientOrderId":"p${n.toString(36)}","symbol":${JSON.stringify(o.symbol)},` +
    `"side":"${o.side}","orderType":"limit","price":${o.price},"quantity":${o.quantity},"timeInForce":"GTC"}`
  );
}

function openSocket(url: string, timeoutMs: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    socket.once('open', () => {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', (error) =>
      reject(
        new HeadroomError(
          'PREFILL_FAILED',
          'target',
          `cannot open ${url} to pre-fill books: ${error.message}`,
        ),
      ),
    );
  });
}
