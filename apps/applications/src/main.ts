import 'reflect-metadata';
import { bootstrapService } from '@grants/common';
import type { FastifyInstance } from 'fastify';
import { APPLICATIONS_BODY_LIMIT_BYTES, APPLICATIONS_DEFAULT_PORT, APPLICATIONS_SERVICE } from './config/applications.config';

void bootstrapService(async () => (await import('./app.module')).AppModule, {
  name: APPLICATIONS_SERVICE,
  defaultPort: APPLICATIONS_DEFAULT_PORT,
  // The gateway's limit: attachments, and oversized JSON fields answered with the field named
  // (a 10 MB title is a 400 on `title`, not an anonymous 413).
  bodyLimitBytes: APPLICATIONS_BODY_LIMIT_BYTES,
  beforeListen: async (app) => {
    const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    // Attachments: any other content type is the file's bytes, untouched.
    fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: APPLICATIONS_BODY_LIMIT_BYTES }, (_req, body, done) => done(null, body));
  },
});
