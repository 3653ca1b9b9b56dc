import type { FastifyInstance } from 'fastify';
import type { HeadroomMetrics } from './headroom-metrics.js';

/** `GET /metrics`: the Prometheus text exposition (no authentication: loopback monitoring). */
export function registerMetricsRoute(app: FastifyInstance, metrics: HeadroomMetrics): void {
  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.text();
    return reply.header('content-type', metrics.contentType).send(text);
  });
}
