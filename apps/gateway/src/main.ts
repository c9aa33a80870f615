import 'reflect-metadata';
import helmet from '@fastify/helmet';
import { bootstrapService } from '@grants/common';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { GATEWAY_DEFAULT_PORT, GATEWAY_SERVICE, GatewayConfig, loadGatewayConfig } from './config/gateway.config';
import { aggregateOpenApi } from './modules/routing/openapi-aggregate';
import { DOCS_CSP, isDocsUrl, PORTAL_CSP_DIRECTIVES } from './modules/portal/content-security';
import { registerPortal, resolvePortalDir } from './modules/portal/portal-static';
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
    const config = loadGatewayConfig(); // valid: the module loaded it already
    const upstreams = upstreamsOf(config);
    const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    await fastify.register(helmet, {
      // The portal's policy, on every answer; no upgrade-insecure-requests (a plain-HTTP local gateway must keep working).
      contentSecurityPolicy: { useDefaults: false, directives: PORTAL_CSP_DIRECTIVES },
      xFrameOptions: { action: 'deny' },
    });
    // Swagger UI (/api/docs) runs an inline start-up script and inline styles: its pages alone get a looser policy.
    fastify.addHook('onRequest', (req, reply, done) => {
      if (isDocsUrl(req.url)) reply.raw.setHeader('content-security-policy', DOCS_CSP);
      done();
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
    await registerPortal(fastify, resolvePortalDir(config.PORTAL_DIR));
  },
});
