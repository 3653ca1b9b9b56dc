/**
 * Authenticates an open /v1/stream connection with an `auth` message and waits for its
 * answer, so orders sent next are accepted. Bounded by a timeout; a refusal throws with
 * the target's code.
 */
import type WebSocket from 'ws';
import { HeadroomError } from '../../errors.js';

export function authenticateSocket(socket: WebSocket, token: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      socket.off('message', onMessage);
      socket.off('close', onClose);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onMessage = (data: Buffer): void => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return;
      }
      for (const m of Array.isArray(message) ? (message as unknown[]) : [message]) {
        const { type, ref, code } = (m ?? {}) as { type?: unknown; ref?: unknown; code?: unknown };
        if (ref !== 'auth') continue;
        if (type === 'ack') finish();
        else
          finish(
            new HeadroomError(
              'AUTH_REFUSED',
              'target',
              `the stream refused the session token: ${String(code)}`,
            ),
          );
      }
    };
    const onClose = (closeCode: number): void =>
      finish(
        new HeadroomError('AUTH_FAILED', 'target', `the stream closed (${closeCode}) before authenticating`),
      );
    const timer = setTimeout(
      () => finish(new HeadroomError('AUTH_TIMEOUT', 'target', `no answer to auth within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('message', onMessage);
    socket.on('close', onClose);
    socket.send(JSON.stringify({ type: 'auth', id: 'auth', token }));
  });
}
