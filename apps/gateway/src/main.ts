import 'reflect-metadata';
import helmet from '@fastify/helmet';
import { bootstrapService } from '@grants/common';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { GATEWAY_DEFAULT_PORT, GATEWAY_SERVICE, GatewayConfig, loadGatewayConfig } from './config/gateway.config';
import { aggregateOpenApi } from './modules/routing/openapi-aggregate';
import { registerProxy } from './modules/routing/proxy';
import { Upstream } from './modules/routing/route-table';

function upstreamsOf(config: GatewayConfig): Record<Upstream, string> {
  return {
    calls: config.CALLS_URL,
    applications: config.APPLICATIONS_URL,
    evaluation: config.EVALUATION_URL,
    disbursement: config.DISBURSEMENT_URL,
    notifications: config.NOTIFICATIONS_URL,
  };
}

void bootstrapService(async () => (await import('./app.module')).AppModule, {
  name: GATEWAY_SERVICE,
  defaultPort: GATEWAY_DEFAULT_PORT,
  bodyLimitBytes: 12 * 1024 * 1024, // attachments pass through the gateway
  beforeListen: async (app, own) => {
    const upstreams = upstreamsOf(loadGatewayConfig()); // valid: the module loaded it already
    const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    await fastify.register(helmet, {
      // Swagger UI (/api/docs) runs an inline start-up script and inline styles.
      contentSecurityPolicy: {
        directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
      },
    });
    // Swagger UI keeps the object it is given: refresh it in place so it shows every service.
    const live = await aggregateOpenApi(own, upstreams);
    SwaggerModule.setup('api/docs', app, () => live, { jsonDocumentUrl: 'api/docs/openapi.json' });
    fastify.get('/api/openapi.json', async (_req, reply) => {
      const doc = await aggregateOpenApi(own, upstreams);
      Object.assign(live, doc);
      return reply.send(doc);
    });
    await registerProxy(fastify, upstreams);
  },
});
