import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { ApiError } from '../errors.js';

/** The body of every error response: `{ error: { code, message } }`. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** Fastify's own errors, mapped to this protocol's codes. */
const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'INVALID_CONTENT_LENGTH'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'INVALID_JSON'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'INVALID_JSON'],
};

const VALIDATION_CODES: Record<string, string> = {
  body: 'INVALID_BODY',
  querystring: 'INVALID_QUERY',
  params: 'INVALID_PARAMS',
  headers: 'INVALID_HEADERS',
};

export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  retryAfter?: number,
): void {
  if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
  void reply.code(status).send({ error: { code, message } } satisfies ErrorBody);
}

/**
 * Every error a route or fastify raises becomes a status and a stable code. Unknown
 * errors are 500 INTERNAL and reported through `onInternal`; their details never reach
 * the client.
 */
export function createErrorHandler(onInternal: (error: unknown) => void) {
  return (error: FastifyError | ApiError, _request: FastifyRequest, reply: FastifyReply): void => {
    if (error instanceof ApiError) {
      sendError(reply, error.status, error.code, error.message, error.retryAfterSeconds);
      return;
    }
    if (error.validation !== undefined) {
      sendError(
        reply,
        400,
        VALIDATION_CODES[error.validationContext ?? 'body'] ?? 'INVALID_REQUEST',
        error.message,
      );
      return;
    }
    const mapped = FASTIFY_CODES[error.code];
    if (mapped !== undefined) {
      sendError(reply, mapped[0], mapped[1], error.message);
      return;
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Body parse errors (a SyntaxError with statusCode 400) and the like.
      sendError(reply, status, status === 400 ? 'INVALID_JSON' : 'BAD_REQUEST', error.message);
      return;
    }
    onInternal(error);
    sendError(reply, 500, 'INTERNAL', 'internal error');
  };
}
