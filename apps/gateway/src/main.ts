import 'reflect-metadata';
import { bootstrapService } from '@grants/common';
import type { FastifyInstance } from 'fastify';
import { AppModule } from './app.module';
import { GATEWAY_DEFAULT_PORT, GATEWAY_SERVICE, loadGatewayConfig } from './config/gateway.config';
import { registerProxy } from './modules/routing/proxy';

const config = loadGatewayConfig();

void bootstrapService(AppModule, {
  name: GATEWAY_SERVICE,
  defaultPort: GATEWAY_DEFAULT_PORT,
  bodyLimitBytes: 12 * 1024 * 1024, // attachments pass through the gateway
  beforeListen: (app) =>
    registerProxy(app.getHttpAdapter().getInstance() as FastifyInstance, {
      calls: config.CALLS_URL,
      applications: config.APPLICATIONS_URL,
      evaluation: config.EVALUATION_URL,
      disbursement: config.DISBURSEMENT_URL,
      notifications: config.NOTIFICATIONS_URL,
    }),
});
