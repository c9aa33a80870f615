import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Paths that belong to the API and operations, never to the portal's client-side routes. */
const NOT_PORTAL = /^\/(api|health|metrics)(\/|$)/;
/** Vite puts content-hashed file names under /assets/: they never change, so they cache for a year. */
const ASSETS = /^\/assets\//;
const LONG_CACHE = 'public, max-age=31536000, immutable';
/** index.html and other unhashed files: always revalidated (ETag / Last-Modified), so a new build shows at once. */
const NO_CACHE = 'no-cache';

export const PORTAL_NOT_BUILT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portal not built</title></head>
<body><h1>The portal has not been built</h1>
<p>This gateway serves the web portal from its build directory, which does not exist or has no index.html.
Run <code>npm run build</code> (or set <code>PORTAL_DIR</code> to the directory of a built portal).
The API at <a href="/api/docs">/api/docs</a> works without it.</p></body></html>
`;

/** The gateway's PORTAL_DIR setting as a directory: relative paths are taken from the working directory (the repo or image root). */
export const resolvePortalDir = (setting: string): string => (isAbsolute(setting) ? setting : resolve(process.cwd(), setting));

/**
 * The request's path as a file inside `root`, or undefined when it cannot be one (encoded
 * slashes, dot segments, NUL, outside the root). Never throws on a malformed escape.
 */
export function fileOfPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return undefined;
  const file = resolve(root, ...segments);
  const rel = relative(root, file);
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel || 'index.html';
}

const acceptsHtml = (req: FastifyRequest): boolean => /\btext\/html\b/.test(req.headers.accept ?? '');

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * Serves the built portal (a Vite single-page app) at `/`: its files as they are, and for any
 * other GET that wants HTML and is not under /api, /health or /metrics, its index.html, so that
 * a reload on a client-side route (/applications/42) opens the app there. Everything else that
 * matches no file falls through to the platform's JSON 404. The directory is looked at per
 * request, so a portal built after the gateway started is served without a restart; without it
 * pages answer a 404 that says the portal was not built, and the API is unaffected.
 */
export async function registerPortal(fastify: FastifyInstance, portalDir: string): Promise<void> {
  const root = resolve(portalDir);
  await fastify.register(async (scope) => {
    // sendFile only: the routing (and the fallback) is ours, the file streaming, ETags and ranges are the library's.
    await scope.register(fastifyStatic, { serve: false, decorateReply: true });
    scope.get('/*', async (req, reply) => {
      const path = req.url.split('?')[0].split('#')[0];
      if (NOT_PORTAL.test(path)) return reply.callNotFound();
      const rel = fileOfPath(root, path);
      if (rel && (await isFile(resolve(root, rel)))) return send(reply, root, rel);
      if (!acceptsHtml(req) || (rel && ASSETS.test(path))) return reply.callNotFound();
      if (await isFile(resolve(root, 'index.html'))) return send(reply, root, 'index.html');
      return reply.status(404).header('cache-control', NO_CACHE).type('text/html; charset=utf-8').send(PORTAL_NOT_BUILT_HTML);
    });
  });
}

function send(reply: FastifyReply, root: string, rel: string): FastifyReply {
  const hashed = rel.startsWith(`assets${sep}`);
  reply.header('cache-control', hashed ? LONG_CACHE : NO_CACHE);
  return reply.sendFile(rel, root, { cacheControl: false });
}
