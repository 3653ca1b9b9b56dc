import type { FastifyInstance } from 'fastify';

import type { FixtureRequest } from '../../accounts/accounts.js';
import { checkAdminToken } from '../authenticate.js';
import type { GatewayContext } from '../gateway-context.js';
import { fixturesBody } from '../schemas.js';

/** Bulk fixtures for load tests: users and ready sessions without hashing each password. */
export function registerAdminRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.post<{ Body: FixtureRequest }>(
    '/v1/admin/fixtures',
    {
      // The token is checked before the body is parsed: a stranger's body is never read.
      onRequest: async (request) => checkAdminToken(context.config.adminToken, request.headers),
      schema: { body: fixturesBody },
    },
    async (request, reply) => reply.code(201).send(await context.accounts.createFixtures(request.body)),
  );
}
