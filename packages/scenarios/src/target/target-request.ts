/**
 * JSON requests to a target's REST API for set-up work (instruments, fixtures, health):
 * bounded by a timeout, never hanging, and failing with a HeadroomError that says which
 * request failed and how, in the target's own words when it sent an error body.
 */
import { errorCodeOf } from '../drivers/error-code.js';
import { HeadroomError } from '../errors.js';

/** ms */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface TargetRequest {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** ms. @default 10000 */
  readonly timeoutMs?: number;
}

export type TargetAnswer =
  | { readonly ok: true; readonly status: number; readonly body: unknown }
  | {
      readonly ok: false;
      /** HTTP status, or 0 when no answer came */
      readonly status: number;
      /** the target's error code (`USERNAME_TAKEN`), `HTTP_<status>`, or a socket code (`ECONNREFUSED`) */
      readonly code: string;
      readonly message: string;
    };

/** One request; outcomes of the target (refused, 4xx, timeout) are returned, not thrown. */
export async function requestTarget(url: string, request: TargetRequest = {}): Promise<TargetAnswer> {
  const method = request.method ?? (request.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    const code = (error as Error).name === 'TimeoutError' ? 'TIMEOUT' : errorCodeOf(cause);
    return { ok: false, status: 0, code, message: `${method} ${url}: ${describe(cause)}` };
  }
  const body = parseJson(text);
  if (response.ok) return { ok: true, status: response.status, body };
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`;
  const said = typeof error?.message === 'string' ? `: ${error.message}` : '';
  return {
    ok: false,
    status: response.status,
    code,
    message: `${method} ${url} answered ${response.status} ${code}${said}`,
  };
}

/** Like `requestTarget`, but a failure throws a HeadroomError of category 'target' (or 'usage'). */
export async function requireTarget(url: string, request: TargetRequest, purpose: string): Promise<unknown> {
  const answer = await requestTarget(url, request);
  if (answer.ok) return answer.body;
  // 401/403 on set-up routes mean the configuration (admin token) is wrong: the user fixes that.
  const category = answer.status === 401 || answer.status === 403 ? 'usage' : 'target';
  throw new HeadroomError('TARGET_REQUEST_FAILED', category, `${purpose} failed: ${answer.message}`);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${code} ${error.message}`
      : error.message;
  }
  return String(error);
}
