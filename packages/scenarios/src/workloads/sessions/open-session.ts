/**
 * Opens one session connection: the WebSocket handshake from a given loopback source
 * address, then the `auth` message with the connection's own token, answered by
 * `ack {ref:'auth'}` or `reject {ref:'auth', code}` (PROTOCOL.md, "Connecting and
 * authenticating"). Never throws: every way it can fail comes back as a stable code, so
 * the workload counts failures by code and can say what limited the connections held.
 */
import WebSocket from 'ws';
import { errorCodeOf } from '../../drivers/error-code.js';

/** Open and authentication did not finish within the timeout. */
export const CONNECT_TIMEOUT_CODE = 'CONNECT_TIMEOUT';
/** The auth answer was neither an ack nor a reject with a code. */
export const AUTH_UNEXPECTED_CODE = 'AUTH_UNEXPECTED_ANSWER';

export type OpenOutcome =
  { readonly ok: true; readonly socket: WebSocket } | { readonly ok: false; readonly code: string };

export interface OpenSessionOptions {
  /** ws://host:port/v1/stream */
  readonly url: string;
  readonly token: string;
  /** loopback source address to bind, e.g. 127.0.0.2 */
  readonly localAddress: string;
  /** source port to bind (chosen by the layout: the kernel's own search is slow with many in use) */
  readonly localPort: number;
  /** ms for the handshake and the auth answer together */
  readonly timeoutMs: number;
}

const AUTH_ID = 'auth';

interface AuthAnswer {
  readonly type?: unknown;
  readonly ref?: unknown;
  readonly id?: unknown;
  readonly code?: unknown;
}

export function openSession({
  url,
  token,
  localAddress,
  localPort,
  timeoutMs,
}: OpenSessionOptions): Promise<OpenOutcome> {
  return new Promise((resolve) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, {
        localAddress,
        localPort,
        // Heartbeats are tiny; compression would only cost CPU on both sides.
        perMessageDeflate: false,
        handshakeTimeout: timeoutMs,
      });
    } catch (error) {
      resolve({ ok: false, code: errorCodeOf(error) });
      return;
    }
    let settled = false;
    const timer = setTimeout(() => fail(CONNECT_TIMEOUT_CODE), timeoutMs);
    const finish = (outcome: OpenOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners();
      resolve(outcome);
    };
    const fail = (code: string): void => {
      if (settled) return;
      finish({ ok: false, code });
      // A late 'error' from the dying socket must not become an unhandled event.
      socket.on('error', () => {});
      socket.terminate();
    };
    socket.once('error', (error) => fail(errorCodeOf(error)));
    socket.once('unexpected-response', (_request, response) => fail(`HTTP_${response.statusCode ?? 0}`));
    socket.once('close', (code) => fail(`CLOSED_${code}`));
    socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', id: AUTH_ID, token })));
    socket.on('message', (data: Buffer) => {
      const answer = authAnswerIn(data);
      if (answer === undefined) return; // not the auth answer (e.g. a server push): keep waiting
      if (answer.type === 'ack') finish({ ok: true, socket });
      else fail(typeof answer.code === 'string' && answer.code !== '' ? answer.code : AUTH_UNEXPECTED_CODE);
    });
  });
}

/** The answer to our auth message in a frame (one message or an array of them), if there is one. */
function authAnswerIn(data: Buffer): AuthAnswer | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString());
  } catch {
    return { type: 'invalid' };
  }
  const messages = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
  for (const message of messages) {
    if (typeof message !== 'object' || message === null) continue;
    const m = message as AuthAnswer;
    if (m.ref === 'auth' || m.id === AUTH_ID) return m;
  }
  return undefined;
}
