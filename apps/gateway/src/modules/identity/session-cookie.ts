import { DomainError } from '@grants/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The browser's refresh token lives in this cookie: HttpOnly (page scripts never read it), Secure,
 * SameSite=Strict (never sent on a cross-site request) and scoped to /api/auth, so it travels only
 * to login, refresh and logout, never to the services. Chromium treats http://127.0.0.1 and
 * http://localhost as secure contexts and keeps a Secure cookie there, so the local gateway needs
 * no exception.
 */
export const REFRESH_COOKIE = 'grants_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';

/**
 * A browser client sends this on login to get the refresh token in the cookie only (not in the
 * JSON body, where a script injected into the page could read it). A refresh by cookie answers
 * the same way without being asked.
 */
export const SESSION_TRANSPORT_HEADER = 'x-session-transport';

// Refresh tokens are 32 random bytes in base64url: the value needs no quoting or escaping.
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function refreshCookie(token: string, expiresAt: Date, now = Date.now()): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now) / 1000));
  return `${REFRESH_COOKIE}=${token}; Path=${REFRESH_COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Strict`;
}

export const clearedRefreshCookie = (): string =>
  `${REFRESH_COOKIE}=; Path=${REFRESH_COOKIE_PATH}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict`;

/** The refresh token from a Cookie header, or undefined (absent, or not shaped like one of ours). */
export function refreshTokenOfCookies(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== REFRESH_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (TOKEN.test(value)) return value;
  }
  return undefined;
}

/**
 * A cookie rides along on any request the browser makes, a plain HTML form post included. A
 * refresh or logout by cookie must therefore carry what a form cannot send without a CORS
 * preflight (which the gateway never grants): an X-Requested-With header or a JSON body; and a
 * browser that says the request is cross-site is refused whatever it carries.
 */
export function assertNotCrossSite(req: FastifyRequest): void {
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  const custom = typeof req.headers['x-requested-with'] === 'string' && req.headers['x-requested-with'] !== '';
  const json = contentType.startsWith('application/json');
  if (req.headers['sec-fetch-site'] === 'cross-site' || !(custom || json)) {
    throw new DomainError(
      'AUTH.COOKIE_REQUEST_UNVERIFIED',
      'A session cookie is only accepted with an X-Requested-With header or a JSON body, from the same site',
      'FORBIDDEN',
    );
  }
}

export const wantsCookieOnly = (req: FastifyRequest): boolean =>
  String(req.headers[SESSION_TRANSPORT_HEADER] ?? '').toLowerCase() === 'cookie';

export function setRefreshCookie(reply: FastifyReply, token: string, expiresAt: string): void {
  void reply.header('set-cookie', refreshCookie(token, new Date(expiresAt))).header('cache-control', 'no-store');
}

export function clearRefreshCookie(reply: FastifyReply): void {
  void reply.header('set-cookie', clearedRefreshCookie()).header('cache-control', 'no-store');
}
