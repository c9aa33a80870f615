import { CORRELATION_HEADER, currentContext } from '@grants/common';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { resolveRoute, Upstream } from './route-table';

/**
 * Registers the `/api/*` forwarding on the gateway's Fastify instance, in a context of its own:
 * bodies of every type (JSON included) pass through as the bytes that came, never parsed here and
 * serialised again (the service parses and validates them, as it does for any caller), and the
 * security headers (helmet, registered on the gateway before this) are computed once instead of
 * per request.
 */
export async function registerProxy(fastify: FastifyInstance, upstreams: Record<Upstream, string>): Promise<void> {
  await fastify.register(replyFrom, {
    undici: { connections: 64, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 60_000 },
  });
  await fastify.register(async (proxy) => {
    proxy.removeAllContentTypeParsers();
    proxy.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const securityHeaders = new SecurityHeaders();
    // `helmet: false`: @fastify/helmet would build its middleware anew on every request.
    proxy.all('/api/*', { helmet: false }, (req, reply) => {
      securityHeaders.apply(reply);
      const route = resolveRoute(req.url);
      if (!route) {
        return reply.status(404).send({
          error: 'GATEWAY.NO_ROUTE',
          message: `No service answers ${req.method} ${req.url.split('?')[0]}`,
          problems: [],
        });
      }
      const correlationId = currentContext()?.correlationId;
      // The bytes as they came, with their own Content-Type (reply-from would JSON-encode a Buffer).
      const raw = Buffer.isBuffer(req.body) ? { body: req.body, contentType: req.headers['content-type'] ?? 'application/octet-stream' } : {};
      return reply.from(`${upstreams[route.upstream]}${route.path}`, {
        ...raw,
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
  });
}

/**
 * The headers helmet sets with the gateway's configuration: static (no CSP nonces), so they are
 * taken from helmet itself on the first proxied request (`reply.helmet()`, which @fastify/helmet
 * provides on every route) and copied onto every later reply.
 */
class SecurityHeaders {
  private headers?: OutgoingHttpHeaders;

  apply(reply: FastifyReply): void {
    if (this.headers) {
      for (const [name, value] of Object.entries(this.headers)) if (value !== undefined) reply.raw.setHeader(name, value);
      return;
    }
    const helmet = (reply as FastifyReply & { helmet?: () => void }).helmet;
    if (typeof helmet !== 'function') return; // helmet not registered (tests of the proxy alone)
    const before = new Set(Object.keys(reply.raw.getHeaders()));
    helmet.call(reply);
    this.headers = Object.fromEntries(Object.entries(reply.raw.getHeaders()).filter(([name]) => !before.has(name)));
  }
}
