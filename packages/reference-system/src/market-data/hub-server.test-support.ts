/**
 * A bare `ws` server on an ephemeral loopback port that routes `subscribe`/`unsubscribe`
 * messages to a MarketDataHub, the way the gateway's /v1/stream does, for the hub's own tests.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MarketDataHub } from './market-data-hub.js';

export interface HubServer {
  readonly url: string;
  /** Server-side sockets in connection order. */
  readonly sockets: WebSocket[];
  close(): Promise<void>;
}

export async function startHubServer(hub: MarketDataHub): Promise<HubServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const sockets: WebSocket[] = [];
  server.on('connection', (ws) => {
    sockets.push(ws);
    const connection = hub.addConnection(ws);
    ws.on('message', (data) => {
      const parsed = JSON.parse((data as Buffer).toString('utf8')) as unknown;
      type Request = { type: string; channel: string; id?: string | number };
      for (const message of (Array.isArray(parsed) ? parsed : [parsed]) as Request[]) {
        if (message.type === 'subscribe') hub.subscribe(connection, message.channel, message.id);
        else if (message.type === 'unsubscribe') hub.unsubscribe(connection, message.channel, message.id);
      }
    });
    ws.on('close', () => hub.removeConnection(connection));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    sockets,
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
