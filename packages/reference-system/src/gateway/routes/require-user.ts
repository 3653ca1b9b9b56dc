import type { FastifyRequest } from 'fastify';

import { authenticateToken, bearerToken } from '../authenticate.js';
import type { GatewayContext } from '../gateway-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated account, set by the requireUser hook (0 on public routes). */
    userId: number;
  }
}

/** A preHandler hook for routes that need a session: sets request.userId or answers 401. */
export function requireUser(context: GatewayContext) {
  const sessions = context.accounts.sessions;
  return async (request: FastifyRequest): Promise<void> => {
    request.userId = authenticateToken(sessions, bearerToken(request.headers.authorization));
  };
}
