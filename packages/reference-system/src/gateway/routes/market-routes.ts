import type { FastifyInstance } from 'fastify';

import type { GatewayContext } from '../gateway-context.js';
import { bookParams, bookQuery, instrumentsQuery } from '../schemas.js';

/** Public reference data: the instrument list (paged) and L2 book snapshots. No session needed. */
export function registerMarketRoutes(app: FastifyInstance, context: GatewayContext): void {
  const { instruments, orders } = context;

  app.get<{ Querystring: { offset: number; limit: number } }>(
    '/v1/instruments',
    { schema: { querystring: instrumentsQuery } },
    async (request) => {
      const { offset, limit } = request.query;
      return {
        total: instruments.length,
        offset,
        limit,
        instruments: instruments
          .slice(offset, offset + limit)
          .map(({ symbol, tickSize, lotSize, referencePrice }) => ({
            symbol,
            tickSize,
            lotSize,
            referencePrice,
          })),
      };
    },
  );

  app.get<{ Params: { symbol: string }; Querystring: { depth: number } }>(
    '/v1/book/:symbol',
    { schema: { params: bookParams, querystring: bookQuery } },
    async (request) => orders.book(request.params.symbol, request.query.depth),
  );
}
