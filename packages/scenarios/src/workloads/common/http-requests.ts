/**
 * autocannon requests built per request (`setupRequest`) that also feed the live ticker:
 * the time a request goes out is kept in autocannon's per-connection context, which is
 * handed back with its response (one request in flight per connection), so each answer's
 * latency is known without a map. Also the error code of an answer, in the target's terms.
 */
import type { Request } from 'autocannon';
import type { LiveTicker } from './live-ticker.js';

interface TimedContext {
  sentAt?: number;
}

export interface GeneratedRequest {
  readonly method: NonNullable<Request['method']>;
  /** path and query, e.g. /v1/users */
  readonly path: string;
  /** Fills the request's body and headers; called as it goes out. */
  readonly setup?: (request: Request) => Request;
  /** Every answer, e.g. to read generated ids back. */
  readonly answered?: (status: number, body: string) => void;
  /** statuses that count as success @default 200–399 */
  readonly ok?: (status: number) => boolean;
}

export function tickingRequest(spec: GeneratedRequest, ticker: LiveTicker | undefined): Request {
  const ok = spec.ok ?? ((status: number) => status < 400);
  return {
    method: spec.method,
    path: spec.path,
    setupRequest: (request: Request, context: object): Request => {
      (context as TimedContext).sentAt = performance.now();
      ticker?.sent();
      return spec.setup === undefined ? request : spec.setup(request);
    },
    onResponse: (status: number, body: string, context: object): void => {
      const sentAt = (context as TimedContext).sentAt;
      if (!ok(status)) ticker?.failed();
      else if (sentAt !== undefined) ticker?.answered(performance.now() - sentAt);
      spec.answered?.(status, body);
    },
  };
}

/** The target's error code from an error body (`{"error":{"code":…}}`), else HTTP_<status>. */
export function rejectCode(status: number, body: string): string {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    if (typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code)) return code;
  } catch {
    // not JSON: fall back to the status
  }
  return `HTTP_${status}`;
}

/**
 * Connections for an open-model HTTP run at `ratePerSecond`: enough that a request rarely
 * waits for a free one while answers take up to a second (HTTP/1.1: one in flight each).
 */
export function connectionsFor(ratePerSecond: number, max = 64): number {
  return Math.min(max, Math.max(2, Math.ceil(ratePerSecond) + 1));
}
