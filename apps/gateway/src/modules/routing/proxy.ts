import { CORRELATION_HEADER, currentContext } from '@grants/common';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance } from 'fastify';
import { resolveRoute, Upstream } from './route-table';

/** Registers the `/api/*` forwarding on the gateway's Fastify instance. */
export async function registerProxy(fastify: FastifyInstance, upstreams: Record<Upstream, string>): Promise<void> {
  await fastify.register(replyFrom, {
    undici: { connections: 64, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 60_000 },
  });
  // Bodies of any other type (attachments) pass through untouched.
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  fastify.all('/api/*', (req, reply) => {
    const route = resolveRoute(req.url);
    if (!route) {
      return reply.status(404).send({
        error: 'GATEWAY.NO_ROUTE',
        message: `No service answers ${req.method} ${req.url.split('?')[0]}`,
        problems: [],
      });
    }
    const correlationId = currentContext()?.correlationId;
    return reply.from(`${upstreams[route.upstream]}${route.path}`, {
      rewriteRequestHeaders: (_r, headers) => ({
        ...headers,
        ...(correlationId ? { [CORRELATION_HEADER]: correlationId } : {}),
        'x-forwarded-prefix': '/api',
      }),
      onError: (r, { error }) => {
        void r.status(502).send({
          error: 'GATEWAY.UPSTREAM_UNAVAILABLE',
          message: `The ${route.upstream} service did not answer: ${error.message}`,
          problems: [],
          correlationId,
        });
      },
    });
  });
}
