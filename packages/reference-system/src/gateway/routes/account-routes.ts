import type { FastifyInstance } from 'fastify';

import { bearerToken } from '../authenticate.js';
import type { GatewayContext } from '../gateway-context.js';
import { loginBody, registerBody } from '../schemas.js';
import { requireUser } from './require-user.js';

interface Credentials {
  username: string;
  password: string;
}

/** Registration (201, 409 taken), login (201 with a token, 401) and logout (204). */
export function registerAccountRoutes(app: FastifyInstance, context: GatewayContext): void {
  const { accounts } = context;

  app.post<{ Body: Credentials }>('/v1/users', { schema: { body: registerBody } }, async (request, reply) => {
    const user = await accounts.register(request.body.username, request.body.password);
    return reply.code(201).send(user);
  });

  app.post<{ Body: Credentials }>('/v1/sessions', { schema: { body: loginBody } }, async (request, reply) => {
    const session = await accounts.login(request.body.username, request.body.password);
    return reply.code(201).send(session);
  });

  app.delete('/v1/sessions/current', { preHandler: requireUser(context) }, async (request, reply) => {
    await accounts.logout(bearerToken(request.headers.authorization)!);
    return reply.code(204).send();
  });
}
