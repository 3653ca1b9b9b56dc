import Fastify, { type FastifyInstance } from 'fastify';

import { createErrorHandler, sendError } from './error-handler.js';
import type { GatewayContext } from './gateway-context.js';
import { registerAccountRoutes } from './routes/account-routes.js';
import { registerMetricsRoute } from '../metrics/metrics-route.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerMarketRoutes } from './routes/market-routes.js';
import { registerOrderRoutes } from './routes/order-routes.js';
import { StreamServer } from './stream/stream-server.js';
import { createValidators, fastifySchemaErrorFormatter } from './validation.js';

export interface Gateway {
  readonly app: FastifyInstance;
  readonly stream: StreamServer;
}

/**
 * The HTTP API and the /v1/stream WebSocket on one fastify server. Every body is JSON
 * validated against its schema; every error leaves as `{error: {code, message}}`.
 */
export function createGateway(context: GatewayContext): Gateway {
  const { config } = context;
  const validators = createValidators();
  const app = Fastify({
    logger: false,
    bodyLimit: config.bodyLimitBytes,
    // Requests that arrive while closing are still answered in this protocol's format
    // (orders: 503 SHUTTING_DOWN), not with fastify's own 503 body.
    return503OnClosing: false,
    schemaErrorFormatter: fastifySchemaErrorFormatter,
    // Order ids are integers in the path; ignore a trailing slash rather than 404 on it.
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validators.compiler);
  app.decorateRequest('userId', 0);

  // JSON only. An empty body (a DELETE sent with a JSON content type) is no body, not an
  // error; a route that needs a body then says so through its schema.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.length === 0) {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      const err = new Error(`body is not valid JSON: ${(error as Error).message}`) as Error & {
        statusCode: number;
      };
      err.statusCode = 400;
      done(err, undefined);
    }
  });

  // During shutdown every response closes its connection, so keep-alive clients let go
  // and the server can finish closing.
  app.addHook('onSend', async (_request, reply) => {
    if (context.lifecycle.closing) void reply.header('connection', 'close');
  });

  app.setErrorHandler(createErrorHandler(context.onInternalError));
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`),
  );

  registerHealthRoutes(app, context);
  registerAccountRoutes(app, context);
  registerMarketRoutes(app, context);
  registerOrderRoutes(app, context);
  registerAdminRoutes(app, context);
  if (context.metrics !== null) registerMetricsRoute(app, context.metrics);

  const stream = new StreamServer(context, validators.strict);
  stream.attach(app.server);
  return { app, stream };
}
