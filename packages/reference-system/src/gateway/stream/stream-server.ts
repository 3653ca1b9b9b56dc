import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

import type { Ajv } from 'ajv';
import { WebSocketServer, type WebSocket } from 'ws';

import type { ApiError } from '../../errors.js';
import type { ExecutionReport } from '../../orders/order-service.js';
import { authenticateToken, bearerToken } from '../authenticate.js';
import type { GatewayContext } from '../gateway-context.js';
import { streamMessages } from '../schemas.js';
import { eventTimestamp } from '../timestamp.js';
import { StreamConnection, type StreamShared } from './stream-connection.js';

export const STREAM_PATH = '/v1/stream';
/** Unread private messages (acks, executions) allowed per connection before it is closed, bytes. */
const MAX_PRIVATE_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Standard "going away": the server is shutting down. */
const CLOSE_GOING_AWAY = 1001;

/**
 * The /v1/stream WebSocket endpoint on the gateway's HTTP server. Upgrades are handled
 * here (noServer), so a bad path or a bad token is refused with a plain HTTP status
 * before any WebSocket exists. Frames above `frameLimitBytes` make `ws` close the
 * connection with 1009 (message too big). Executions are pushed to every connection the
 * owner has authenticated.
 */
export class StreamServer {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<StreamConnection>();
  private readonly byUser = new Map<number, Set<StreamConnection>>();
  private readonly shared: StreamShared;
  private accepting = true;
  /** Frames refused by `ws` itself (too big, invalid UTF-8, bad framing). */
  protocolErrors = 0;

  constructor(
    private readonly context: GatewayContext,
    ajv: Ajv,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: context.config.frameLimitBytes,
      perMessageDeflate: false,
      clientTracking: false,
    });
    const validators = Object.fromEntries(
      Object.entries(streamMessages).map(([type, schema]) => [type, ajv.compile(schema)]),
    ) as StreamShared['validators'];
    this.shared = {
      context,
      validators,
      maxPrivateBufferedBytes: MAX_PRIVATE_BUFFERED_BYTES,
      bindUser: (connection, userId) => this.bindUser(connection, userId),
    };
    context.orders.onExecution((ownerId, report) => this.pushExecution(ownerId, report));
  }

  get size(): number {
    return this.connections.size;
  }

  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(request, socket, head),
    );
  }

  /** Refuses new connections and closes the open ones with 1001 (going away). */
  async close(): Promise<void> {
    this.accepting = false;
    const closing = [...this.connections].map(
      (c) =>
        new Promise<void>((resolve) => {
          c.socket.once('close', () => resolve());
          c.socket.close(CLOSE_GOING_AWAY, 'server shutting down');
          // A peer that never answers the close handshake is cut off.
          setTimeout(() => {
            c.socket.terminate();
            resolve();
          }, 1000).unref();
        }),
    );
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== STREAM_PATH)
      return this.refuse(socket, 404, 'NOT_FOUND', `no WebSocket endpoint at ${url.pathname}`);
    if (!this.accepting) return this.refuse(socket, 503, 'SHUTTING_DOWN', 'the service is shutting down');
    let userId = 0;
    const token = bearerToken(request.headers.authorization) ?? url.searchParams.get('token') ?? undefined;
    if (token !== undefined) {
      try {
        userId = authenticateToken(this.context.accounts.sessions, token);
      } catch (error) {
        const e = error as ApiError;
        return this.refuse(socket, e.status, e.code, e.message);
      }
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.open(ws, userId));
  }

  private open(ws: WebSocket, userId: number): void {
    const connection = new StreamConnection(ws, this.shared);
    this.connections.add(connection);
    this.context.connections.streams++;
    if (userId !== 0) this.bindUser(connection, userId);
    ws.on('message', (data, isBinary) => {
      try {
        connection.onFrame(data, isBinary);
      } catch (error) {
        // A bug must not take the process down with it: report it, keep the connection.
        this.context.onInternalError(error);
      }
    });
    ws.on('error', () => {
      this.protocolErrors++;
    });
    ws.on('close', () => {
      this.connections.delete(connection);
      this.context.connections.streams--;
      this.unbindUser(connection);
      if (connection.marketDataConnection !== null) {
        this.context.marketData?.removeConnection(connection.marketDataConnection);
      }
    });
  }

  private bindUser(connection: StreamConnection, userId: number): void {
    this.unbindUser(connection);
    connection.userId = userId;
    let set = this.byUser.get(userId);
    if (set === undefined) {
      set = new Set();
      this.byUser.set(userId, set);
    }
    set.add(connection);
  }

  private unbindUser(connection: StreamConnection): void {
    if (connection.userId === 0) return;
    const set = this.byUser.get(connection.userId);
    set?.delete(connection);
    if (set?.size === 0) this.byUser.delete(connection.userId);
  }

  private pushExecution(ownerId: number, report: ExecutionReport): void {
    const set = this.byUser.get(ownerId);
    if (set === undefined) return;
    // Serialised once for all of the owner's connections.
    const text = JSON.stringify({ type: 'execution', ...report, ts: eventTimestamp() });
    for (const connection of set) connection.sendText(text);
  }

  private refuse(socket: Duplex, status: number, code: string, message: string): void {
    this.context.connections.rejectedUpgrades++;
    const body = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  404: 'Not Found',
  503: 'Service Unavailable',
};
