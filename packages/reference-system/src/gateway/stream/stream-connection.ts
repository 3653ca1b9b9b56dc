import type { ValidateFunction } from 'ajv';
import type { RawData, WebSocket } from 'ws';

import { ApiError } from '../../errors.js';
import type { OrderRequest } from '../../orders/order-service.js';
import { authenticateToken } from '../authenticate.js';
import type { GatewayContext } from '../gateway-context.js';
import type { StreamMessageType } from '../schemas.js';
import { eventTimestamp } from '../timestamp.js';
import { formatSchemaErrors } from '../validation.js';

type Message = { type: StreamMessageType; id?: string | number } & Record<string, unknown>;
type MessageId = string | number | undefined;

/** What every connection shares: the context, compiled message validators, and the owner index. */
export interface StreamShared {
  readonly context: GatewayContext;
  readonly validators: Readonly<Record<StreamMessageType, ValidateFunction>>;
  /** Called when a connection authenticates, so executions for that user reach it. */
  bindUser(connection: StreamConnection, userId: number): void;
  /** Private (non-market-data) bytes a client may leave unread before it is disconnected. */
  readonly maxPrivateBufferedBytes: number;
}

/** Close code sent to a client that does not read its acknowledgements (policy violation). */
export const CLOSE_NOT_READING = 1008;

/**
 * One /v1/stream connection: parses and validates frames (a frame is one message or a
 * JSON array of them, handled in order), answers order entry, cancel, auth and ping, and
 * hands subscriptions to the market-data feed. Bad frames get an `error` (or a `reject`
 * for a request that names its type); the connection stays open.
 */
export class StreamConnection {
  userId = 0;
  readonly marketDataConnection: unknown;

  constructor(
    readonly socket: WebSocket,
    private readonly shared: StreamShared,
  ) {
    this.marketDataConnection = shared.context.marketData?.addConnection(socket) ?? null;
  }

  onFrame(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.sendError(
        'BINARY_NOT_SUPPORTED',
        'send JSON text frames; binary frames are not part of the protocol',
      );
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(rawText(data));
    } catch {
      this.sendError('INVALID_JSON', 'the frame is not valid JSON');
      return;
    }
    if (!Array.isArray(value)) {
      this.dispatch(value);
      return;
    }
    const max = this.shared.context.config.maxMessagesPerFrame;
    if (value.length === 0 || value.length > max) {
      this.sendError('TOO_MANY_MESSAGES', `a frame carries one message or an array of 1 to ${max} messages`);
      return;
    }
    for (const message of value) this.dispatch(message);
  }

  /** Sends a server event; every one carries `ts`. Dropped when the socket is no longer open. */
  send(payload: Record<string, unknown>): void {
    this.sendText(JSON.stringify({ ...payload, ts: eventTimestamp() }));
  }

  sendText(text: string): void {
    const socket = this.socket;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.shared.maxPrivateBufferedBytes) {
      socket.close(CLOSE_NOT_READING, 'client is not reading its messages');
      return;
    }
    socket.send(text);
  }

  private dispatch(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null || typeof (raw as { type?: unknown }).type !== 'string') {
      this.sendError('INVALID_MESSAGE', 'a message is a JSON object with a string "type"');
      return;
    }
    const message = raw as Message;
    const id = typeof message.id === 'string' || typeof message.id === 'number' ? message.id : undefined;
    const validate = Object.hasOwn(this.shared.validators, message.type)
      ? this.shared.validators[message.type]
      : undefined;
    if (validate === undefined) {
      this.sendError(
        'UNKNOWN_MESSAGE_TYPE',
        `unknown message type ${JSON.stringify(message.type).slice(0, 80)}`,
        id,
      );
      return;
    }
    // Called as a plain boolean check: ajv's type guard would narrow `message` to never below.
    if (!(validate as (data: unknown) => boolean)(message)) {
      const text = formatSchemaErrors(validate.errors, message.type);
      if (message.type === 'ping' || message.type === 'subscribe' || message.type === 'unsubscribe') {
        this.sendError('INVALID_MESSAGE', text, id);
      } else {
        this.reject(message.type, id, 'INVALID_MESSAGE', text);
      }
      return;
    }
    switch (message.type) {
      case 'ping':
        this.send({ type: 'pong', id });
        return;
      case 'auth':
        this.auth(id, message.token as string);
        return;
      case 'subscribe':
      case 'unsubscribe':
        this.subscription(message.type, id, message.channel as string);
        return;
      case 'order':
        this.order(id, message);
        return;
      case 'cancel':
        this.cancel(id, message.orderId as number);
        return;
    }
  }

  private auth(id: MessageId, token: string): void {
    try {
      const userId = authenticateToken(this.shared.context.accounts.sessions, token);
      this.shared.bindUser(this, userId);
      this.send({ type: 'ack', ref: 'auth', id, userId });
    } catch (error) {
      this.rejectWith('auth', id, error);
    }
  }

  private subscription(kind: 'subscribe' | 'unsubscribe', id: MessageId, channel: string): void {
    const marketData = this.shared.context.marketData;
    if (marketData === null) {
      this.sendError('MARKET_DATA_UNAVAILABLE', 'this service runs without a market-data feed', id);
      return;
    }
    if (kind === 'subscribe') marketData.subscribe(this.marketDataConnection, channel, id);
    else marketData.unsubscribe(this.marketDataConnection, channel, id);
  }

  private order(id: MessageId, message: Message): void {
    if (this.userId === 0) {
      this.reject(
        'order',
        id,
        'UNAUTHORIZED',
        'send an auth message (or connect with a token) before orders',
      );
      return;
    }
    const request: OrderRequest = {
      clientOrderId: message.clientOrderId as string,
      symbol: message.symbol as string,
      side: message.side as OrderRequest['side'],
      type: message.orderType as OrderRequest['type'],
      quantity: message.quantity as number,
      ...(message.price === undefined ? {} : { price: message.price as number }),
      ...(message.timeInForce === undefined
        ? {}
        : { timeInForce: message.timeInForce as OrderRequest['timeInForce'] }),
    };
    this.shared.context.orders.submit(this.userId, request).then(
      (ack) => this.send({ type: 'ack', ref: 'order', id, ...ack }),
      (error: unknown) => this.rejectWith('order', id, error, { clientOrderId: request.clientOrderId }),
    );
  }

  private cancel(id: MessageId, orderId: number): void {
    if (this.userId === 0) {
      this.reject(
        'cancel',
        id,
        'UNAUTHORIZED',
        'send an auth message (or connect with a token) before cancels',
      );
      return;
    }
    this.shared.context.orders.cancel(this.userId, orderId).then(
      (result) => this.send({ type: 'ack', ref: 'cancel', id, ...result }),
      (error: unknown) => this.rejectWith('cancel', id, error, { orderId }),
    );
  }

  private rejectWith(ref: string, id: MessageId, error: unknown, extra: Record<string, unknown> = {}): void {
    if (error instanceof ApiError) {
      this.reject(ref, id, error.code, error.message, {
        ...extra,
        ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
      });
      return;
    }
    this.shared.context.onInternalError(error);
    this.reject(ref, id, 'INTERNAL', 'internal error', extra);
  }

  private reject(
    ref: string,
    id: MessageId,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
  ): void {
    this.send({ type: 'reject', ref, id, code, message, ...extra });
  }

  private sendError(code: string, message: string, id?: MessageId): void {
    this.send({ type: 'error', id, code, message });
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
