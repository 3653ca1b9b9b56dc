/**
 * Opens the connections of a WebSocket run, a bounded number of handshakes at a time,
 * and runs the workload's `onOpen` on each. Failures are counted by code, not thrown:
 * a run with 95 of 100 connections is still a run (and says so); none at all is an error.
 */
import WebSocket from 'ws';
import { errorCodeOf } from '../error-code.js';
import type { ResolvedWebSocketTarget } from './websocket-options.js';

/** handshakes in progress at once: enough to open thousands quickly without a SYN flood */
const PARALLEL_HANDSHAKES = 256;

export interface OpenedSockets {
  /** index-aligned with the connections asked for; null where opening failed */
  readonly sockets: (WebSocket | null)[];
  readonly errors: Map<string, number>;
}

export async function openWebSockets(target: ResolvedWebSocketTarget): Promise<OpenedSockets> {
  const sockets: (WebSocket | null)[] = new Array<WebSocket | null>(target.connections).fill(null);
  const errors = new Map<string, number>();
  const count = (code: string): void => void errors.set(code, (errors.get(code) ?? 0) + 1);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < target.connections) {
      const index = next++;
      try {
        const socket = await openOne(target, index);
        try {
          await target.protocol.onOpen?.(socket, index);
          sockets[index] = socket;
        } catch {
          count('ON_OPEN_FAILED');
          socket.terminate();
        }
      } catch (error) {
        count(errorCodeOf(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_HANDSHAKES, target.connections) }, worker));
  return { sockets, errors };
}

function openOne(target: ResolvedWebSocketTarget, index: number): Promise<WebSocket> {
  const { localAddresses } = target;
  const socket = new WebSocket(target.url, {
    // Compression costs generator CPU on every frame and is off on most trading gateways.
    perMessageDeflate: false,
    // Frames are parsed as JSON right after; validating UTF-8 twice is wasted CPU.
    skipUTF8Validation: true,
    handshakeTimeout: target.connectTimeoutMs,
    headers: target.headers,
    ...(localAddresses.length > 0 ? { localAddress: localAddresses[index % localAddresses.length] } : {}),
  });
  return new Promise((resolve, reject) => {
    const fail = (error: unknown): void => {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    socket.once('open', () => {
      socket.removeAllListeners();
      resolve(socket);
    });
    socket.once('error', fail);
    socket.once('unexpected-response', (_request, response) => {
      fail(
        Object.assign(new Error(`handshake answered ${response.statusCode}`), {
          code: `HTTP_${response.statusCode}`,
        }),
      );
    });
  });
}
