/**
 * Content-Security-Policy of the gateway. The portal's pages (and every API answer) get the strict
 * policy: scripts, styles and connections from the gateway's own origin only, no inline script or
 * style, never framed, no plugins, no <base> elsewhere. Swagger UI (/api/docs) starts with inline
 * styles and scripts, so only its pages get the looser policy it needs.
 */
export const PORTAL_CSP_DIRECTIVES: Record<string, string[]> = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
};

export const DOCS_PATH_PREFIX = '/api/docs';

export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

/** Whether a request URL is one of Swagger UI's pages or assets (and not e.g. /api/docsfoo). */
export function isDocsUrl(url: string): boolean {
  if (!url.startsWith(DOCS_PATH_PREFIX)) return false;
  const next = url.charAt(DOCS_PATH_PREFIX.length);
  return next === '' || next === '/' || next === '?' || next === '#';
}
