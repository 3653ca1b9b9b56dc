import type { FastifyInstance } from 'fastify';

import type { OrderRequest } from '../../orders/order-service.js';
import type { GatewayContext } from '../gateway-context.js';
import { newOrderBody, orderIdParams } from '../schemas.js';
import { requireUser } from './require-user.js';

/** Order entry (201 with the result), order state (200) and cancel (200); owner only. */
export function registerOrderRoutes(app: FastifyInstance, context: GatewayContext): void {
  const { orders } = context;
  const preHandler = requireUser(context);

  app.post<{ Body: OrderRequest }>(
    '/v1/orders',
    { preHandler, schema: { body: newOrderBody } },
    async (request, reply) => {
      const ack = await orders.submit(request.userId, request.body);
      return reply.code(201).send(ack);
    },
  );

  app.get<{ Params: { id: number } }>(
    '/v1/orders/:id',
    { preHandler, schema: { params: orderIdParams } },
    async (request) => orders.getOrder(request.userId, request.params.id),
  );

  app.delete<{ Params: { id: number } }>(
    '/v1/orders/:id',
    { preHandler, schema: { params: orderIdParams } },
    async (request) => orders.cancel(request.userId, request.params.id),
  );
}
