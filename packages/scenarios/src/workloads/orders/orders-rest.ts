/**
 * Order entry over REST (`POST /v1/orders`) through autocannon: each request is built when
 * it goes out (`setupRequest`), as the next user's next order; its 201 body (fills, status)
 * feeds the flow. REST has no push channel, so fills of resting orders are not seen: a
 * cancel may find its order already filled (409 ORDER_NOT_LIVE, counted, expected).
 * Cancels go out beside the orders as `DELETE /v1/orders/:id`, at most MAX_CANCELS_IN_FLIGHT
 * at a time (beyond that they are skipped and counted).
 */
import type { Request } from 'autocannon';
import type { HttpTargetOptions } from '../../drivers/http/http-options.js';
import { requestTarget } from '../../target/target-request.js';
import { rejectCode } from '../common/http-requests.js';
import type { LiveTicker } from '../common/live-ticker.js';
import type { OrderFlow } from './order-flow.js';

const MAX_CANCELS_IN_FLIGHT = 64;
/** send times kept for live latency; a reject's body does not name its order, so some are never claimed */
const MAX_TRACKED_SENDS = 100_000;

export class RestOrderEntry {
  private next = 0;
  private cancelsInFlight = 0;
  private readonly cancels = new Set<Promise<void>>();
  private readonly sentAt = new Map<string, number>();

  constructor(
    private readonly flow: OrderFlow,
    private readonly baseUrl: string,
    private readonly tokens: readonly string[],
    private readonly ticker: LiveTicker | undefined,
    /** ms */
    private readonly timeoutMs: number,
  ) {}

  /** autocannon target options for `connections` connections. */
  target(connections: number): HttpTargetOptions {
    const request: Request = {
      method: 'POST',
      path: '/v1/orders',
      setupRequest: (req: Request) => this.setup(req),
      onResponse: (status: number, body: string) => this.answered(status, body),
    };
    return {
      url: `${this.baseUrl}/v1/orders`,
      method: 'POST',
      connections,
      requests: [request],
      errorCode: (status, body) => (status < 400 ? undefined : rejectCode(status, body)),
    };
  }

  /** Waits for the cancels still in flight (each bounded by the timeout). */
  async settle(): Promise<void> {
    await Promise.all([...this.cancels]);
  }

  private setup(req: Request): Request {
    const user = this.next++ % this.tokens.length;
    const { order, clientOrderId, cancels } = this.flow.nextOrder();
    const id = `${clientOrderId}-${user.toString(36)}`;
    req.headers = { 'content-type': 'application/json', authorization: `Bearer ${this.tokens[user]}` };
    req.body = JSON.stringify({
      clientOrderId: id,
      symbol: order.symbol,
      side: order.side,
      type: 'limit',
      price: order.price,
      quantity: order.quantity,
      timeInForce: order.timeInForce,
    });
    if (this.sentAt.size >= MAX_TRACKED_SENDS) this.sentAt.clear();
    this.sentAt.set(id, performance.now());
    this.ticker?.sent();
    for (let i = 0; i < cancels; i++) {
      const orderId = this.flow.cancelTarget(user);
      if (orderId !== undefined) this.cancel(orderId, user);
    }
    return req;
  }

  private answered(status: number, text: string): void {
    if (status !== 201) {
      this.ticker?.failed();
      return;
    }
    let body: { clientOrderId?: unknown; orderId?: unknown; status?: unknown; fills?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return;
    }
    const id = typeof body.clientOrderId === 'string' ? body.clientOrderId : '';
    const user = Number.parseInt(id.slice(id.lastIndexOf('-') + 1), 36);
    if (!Number.isInteger(user)) return;
    this.flow.orderAcked(user, body);
    const sentAt = this.sentAt.get(id);
    if (sentAt !== undefined) {
      this.sentAt.delete(id);
      this.ticker?.answered(performance.now() - sentAt);
    }
  }

  private cancel(orderId: number, user: number): void {
    if (this.cancelsInFlight >= MAX_CANCELS_IN_FLIGHT) {
      this.flow.cancelAnswered('SKIPPED_CANCEL_BACKLOG');
      return;
    }
    this.cancelsInFlight++;
    const done = requestTarget(`${this.baseUrl}/v1/orders/${orderId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${this.tokens[user]}` },
      timeoutMs: this.timeoutMs,
    }).then((answer) => {
      this.cancelsInFlight--;
      this.cancels.delete(done);
      this.flow.cancelAnswered(answer.ok ? undefined : answer.code);
    });
    this.cancels.add(done);
  }
}
