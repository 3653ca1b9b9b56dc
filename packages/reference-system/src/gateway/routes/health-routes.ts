import type { FastifyInstance } from 'fastify';

import type { GatewayContext } from '../gateway-context.js';

/** Liveness with the counters an operator looks at first. */
export function registerHealthRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.get('/health', async () => ({
    status: 'ok',
    uptimeSeconds: Math.round((Date.now() - context.startedAt) / 1000),
    instruments: context.instruments.length,
    sessions: context.accounts.sessions.size,
    lastOrderId: context.orders.lastOrderId,
    ordersInFlight: context.orders.pending,
    journal: context.journalStats(),
    hashing: {
      active: context.accounts.hashing.active,
      waiting: context.accounts.hashing.waiting,
    },
    connections: { ...context.connections },
  }));
}
