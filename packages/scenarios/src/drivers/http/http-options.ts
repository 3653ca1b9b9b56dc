/** What an HTTP run sends, where, over how many connections — and its resolution. */
import type { Request } from 'autocannon';
import type { OptionProblems } from '../driver-error.js';
import { DEFAULT_TIMEOUT_MS } from '../resolve-options.js';

export interface HttpTargetOptions {
  /** Full URL of the request, e.g. http://127.0.0.1:8080/v1/orders */
  readonly url: string;
  /** @default 'GET' */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /**
   * autocannon request sequence, cycled per connection; `setupRequest(request, context)`
   * generates bodies per request. Fields left out come from method/headers/body/url.
   * @default [{}] (the request described by the fields above)
   */
  readonly requests?: readonly Request[];
  /** @default 10 */
  readonly connections?: number;
  /** requests in flight per connection (HTTP/1.1 pipelining). @default 1 */
  readonly pipelining?: number;
  /**
   * Turns a response into an error code, for targets that report failures in the body
   * (return undefined for success). Without it, status ≥ 400 fails as `HTTP_<status>`.
   */
  readonly errorCode?: (status: number, body: string) => string | undefined;
}

export interface ResolvedHttpTarget {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer | undefined;
  readonly requests: readonly Request[];
  readonly connections: number;
  readonly pipelining: number;
  readonly errorCode: ((status: number, body: string) => string | undefined) | undefined;
  /** ms */
  readonly timeoutMs: number;
}

export const DEFAULT_CONNECTIONS = 10;

export function resolveHttpTarget(
  options: HttpTargetOptions & { readonly timeoutMs?: number },
  problems: OptionProblems,
): ResolvedHttpTarget {
  problems.url('url', options.url, ['http:', 'https:']);
  problems.positive('connections', options.connections, { integer: true, optional: true });
  problems.positive('pipelining', options.pipelining, { integer: true, optional: true });
  if (options.requests !== undefined && options.requests.length === 0) {
    problems.add('requests', 'must hold at least one request (or be left out)');
  }
  return Object.freeze({
    url: options.url,
    method: (options.method ?? 'GET').toUpperCase(),
    headers: { ...options.headers },
    body: options.body,
    requests: options.requests ?? [{}],
    connections: options.connections ?? DEFAULT_CONNECTIONS,
    pipelining: options.pipelining ?? 1,
    errorCode: options.errorCode,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
