/**
 * Order entry over /v1/stream for one driver run: each connection authenticates as its
 * own user; an operation is one new order, correlated by its message id (the operation's
 * seq); acks and rejects answer it; executions keep the users' live orders current.
 *
 * Cancels must name an order of the connection's own user, but the driver chooses the
 * connection after `build` returns the frame. So each connection's `send` is wrapped (in
 * `onOpen`): the frame `build` just produced is completed there, on the connection it is
 * going out on, with the cancels drawn for it — `[cancel…, order]` in one frame.
 */
import type WebSocket from 'ws';
import type { WebSocketProtocol } from '../../drivers/websocket/websocket-options.js';
import { authenticateSocket } from '../common/authenticate-socket.js';
import type { LiveTicker } from '../common/live-ticker.js';
import type { OrderFlow } from './order-flow.js';

interface Building {
  readonly seq: number;
  readonly cancels: number;
}

interface Answer {
  readonly type?: unknown;
  readonly ref?: unknown;
  readonly id?: unknown;
  readonly code?: unknown;
  readonly orderId?: unknown;
  readonly leaves?: unknown;
}

export class OrdersWsProtocol implements WebSocketProtocol {
  /** seq → connection (user) it went out on, and when */
  private readonly pending = new Map<number, { readonly user: number; readonly sentAt: number }>();
  private building: Building | undefined;
  private cancelSeq = 0;

  constructor(
    private readonly flow: OrderFlow,
    /** session token of the user of connection i */
    private readonly tokens: readonly string[],
    private readonly ticker: LiveTicker | undefined,
    /** ms */
    private readonly authTimeoutMs: number,
  ) {}

  build(seq: number): { frame: string; correlationId: number } {
    const { order, clientOrderId, cancels } = this.flow.nextOrder();
    this.building = { seq, cancels };
    const frame =
      `{"type":"order","id":${seq},"clientOrderId":"${clientOrderId}","symbol":${JSON.stringify(order.symbol)},` +
      `"side":"${order.side}","orderType":"limit","price":${order.price},"quantity":${order.quantity},` +
      `"timeInForce":"${order.timeInForce}"}`;
    return { frame, correlationId: seq };
  }

  match(message: unknown): number | undefined {
    const m = message as Answer;
    if (m.type === 'ack' || m.type === 'reject') {
      if (m.ref === 'order' && typeof m.id === 'number') {
        const sent = this.pending.get(m.id);
        if (sent !== undefined) {
          this.pending.delete(m.id);
          if (m.type === 'ack') {
            this.flow.orderAcked(sent.user, m);
            this.ticker?.answered(performance.now() - sent.sentAt);
          } else {
            this.ticker?.failed();
          }
        }
        return m.id;
      }
      if (m.ref === 'cancel') this.flow.cancelAnswered(m.type === 'ack' ? undefined : String(m.code));
    } else if (m.type === 'execution') {
      this.flow.executed(m.orderId, m.leaves);
    }
    return undefined;
  }

  errorCode(message: unknown): string | undefined {
    const m = message as Answer;
    return m.type === 'reject' ? String(m.code) : undefined;
  }

  async onOpen(socket: WebSocket, index: number): Promise<void> {
    await authenticateSocket(socket, this.tokens[index], this.authTimeoutMs);
    const send = socket.send.bind(socket);
    socket.send = ((data: string, ...rest: Parameters<WebSocket['send']>[1][]) =>
      (send as (...args: unknown[]) => void)(this.complete(index, data), ...rest)) as WebSocket['send'];
  }

  /** The frame `build` produced, with its cancels, as it goes out on connection `user`. */
  private complete(user: number, orderFrame: string): string {
    const building = this.building;
    this.building = undefined;
    if (building === undefined) return orderFrame;
    this.pending.set(building.seq, { user, sentAt: performance.now() });
    this.ticker?.sent();
    let cancels = '';
    for (let i = 0; i < building.cancels; i++) {
      const orderId = this.flow.cancelTarget(user);
      if (orderId !== undefined)
        cancels += `{"type":"cancel","id":"c${this.cancelSeq++}","orderId":${orderId}},`;
    }
    return cancels === '' ? orderFrame : `[${cancels}${orderFrame}]`;
  }
}
