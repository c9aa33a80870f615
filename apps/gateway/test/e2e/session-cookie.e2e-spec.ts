import { http, startTestPlatform, TestPlatform, uniqueEmail } from '@grants/testing';
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A browser's session: the refresh token in an HttpOnly, Secure, SameSite=Strict cookie scoped to
 * /api/auth, refreshed and revoked through it, never by a request a cross-site form could make;
 * API clients that send the token in the body are answered as before.
 */
describe('gateway: the refresh token in a session cookie', () => {
  let t: TestPlatform;
  let api: string;
  let work: string;
  const password = 'cookie-password-1';
  let email: string;

  const cookieOf = (headers: Headers): string | undefined => headers.getSetCookie().find((c) => c.startsWith('grants_refresh='));
  const tokenOf = (setCookie: string | undefined) => setCookie?.split(';')[0].split('=')[1];
  const post = (path: string, headers: Record<string, string>, body?: string) =>
    fetch(`${api}${path}`, { method: 'POST', headers, body });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'cookie-portal-'));
    mkdirSync(join(work, 'assets'));
    writeFileSync(join(work, 'index.html'), '<!doctype html><html><head><title>portal</title></head><body>portal</body></html>');
    t = await startTestPlatform({ label: 'sesscookie', basePort: 4920, only: ['gateway'], env: { PORTAL_DIR: work } });
    api = t.api;
    email = uniqueEmail('cookie');
    await t.client.expect('POST', '/auth/register', 201, { email, password, displayName: 'Колачиња', preferredLanguage: 'mk', applicantType: 'STUDENT' });
  });

  afterAll(async () => {
    await t?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const login = async (headers: Record<string, string> = {}) => {
    const res = await post('/auth/login', { 'content-type': 'application/json', ...headers }, JSON.stringify({ email, password }));
    expect(res.status).toBe(200);
    return { res, body: (await res.json()) as Record<string, any>, cookie: cookieOf(res.headers)! };
  };

  it('sets the refresh token at login in a cookie with every protective flag, and keeps it in the body for API clients', async () => {
    const { res, body, cookie } = await login();
    expect(cookie).toMatch(/^grants_refresh=[A-Za-z0-9_-]{43}; Path=\/api\/auth; Max-Age=\d+; HttpOnly; Secure; SameSite=Strict$/);
    expect(tokenOf(cookie)).toBe(body.refreshToken);
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)![1]);
    expect(Math.abs(Date.now() + maxAge * 1000 - Date.parse(body.refreshTokenExpiresAt))).toBeLessThan(5_000);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const cookieOnly = await login({ 'x-session-transport': 'cookie' });
    expect(cookieOnly.body.refreshToken).toBeUndefined();
    expect(cookieOnly.body.accessToken).toEqual(expect.any(String));
    expect(tokenOf(cookieOnly.cookie)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refreshes by cookie with a custom header or JSON body, rotates the cookie, and treats a replayed cookie as theft', async () => {
    const { cookie } = await login();
    const first = tokenOf(cookie)!;
    const byHeader = await post('/auth/refresh', { cookie: `other=1; grants_refresh=${first}`, 'x-requested-with': 'XMLHttpRequest' });
    expect(byHeader.status).toBe(200);
    const body = (await byHeader.json()) as Record<string, any>;
    expect(body.refreshToken).toBeUndefined(); // it went back in the cookie only
    const second = tokenOf(cookieOf(byHeader.headers))!;
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    expect((await http('GET', `${api}/auth/me`, undefined, { authorization: `Bearer ${body.accessToken}` })).status).toBe(200);

    const byJson = await post('/auth/refresh', { cookie: `grants_refresh=${second}`, 'content-type': 'application/json' }, '{}');
    expect(byJson.status).toBe(200);
    const third = tokenOf(cookieOf(byJson.headers))!;

    const replay = await post('/auth/refresh', { cookie: `grants_refresh=${first}`, 'x-requested-with': 'XMLHttpRequest' });
    expect(replay.status).toBe(401);
    expect(cookieOf(replay.headers)).toMatch(/^grants_refresh=; .*Max-Age=0/); // the browser drops it
    // The replay revoked the whole login, the newest token included.
    expect((await post('/auth/refresh', { cookie: `grants_refresh=${third}`, 'x-requested-with': 'XMLHttpRequest' })).status).toBe(401);
  });

  it('refuses a refresh or logout by cookie that a cross-site form could have sent, and leaves the token usable', async () => {
    const { cookie } = await login();
    const token = tokenOf(cookie)!;
    const formLike: Record<string, string>[] = [
      { cookie: `grants_refresh=${token}` },
      { cookie: `grants_refresh=${token}`, 'content-type': 'text/plain' },
      { cookie: `grants_refresh=${token}`, 'x-requested-with': 'XMLHttpRequest', 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of formLike) {
      const res = await post('/auth/refresh', headers, headers['content-type'] ? 'refreshToken=x' : undefined);
      expect([400, 403, 415]).toContain(res.status);
      expect(cookieOf(res.headers)).toBeUndefined();
    }
    const noBody = await post('/auth/refresh', { cookie: `grants_refresh=${token}` });
    expect(noBody.status).toBe(403);
    expect(((await noBody.json()) as { error: string }).error).toBe('AUTH.COOKIE_REQUEST_UNVERIFIED');
    const logout = await post('/auth/logout', { cookie: `grants_refresh=${token}` });
    expect(logout.status).toBe(403);
    // Nothing was spent or revoked: the same cookie still refreshes from the portal.
    expect((await post('/auth/refresh', { cookie: `grants_refresh=${token}`, 'x-requested-with': 'XMLHttpRequest' })).status).toBe(200);
  });

  it('logs out by cookie: revokes the login and clears the cookie', async () => {
    const { cookie } = await login();
    const token = tokenOf(cookie)!;
    const out = await post('/auth/logout', { cookie: `grants_refresh=${token}`, 'x-requested-with': 'XMLHttpRequest' });
    expect(out.status).toBe(204);
    expect(cookieOf(out.headers)).toBe(
      'grants_refresh=; Path=/api/auth; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict',
    );
    expect((await post('/auth/refresh', { cookie: `grants_refresh=${token}`, 'x-requested-with': 'XMLHttpRequest' })).status).toBe(401);
    // Without any token: still 204, still cleared (idempotent).
    expect((await post('/auth/logout', {})).status).toBe(204);
  });

  it('answers a refresh with neither body token nor cookie with 401, and a malformed body token with 400', async () => {
    const none = await post('/auth/refresh', { 'x-requested-with': 'XMLHttpRequest' });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: string }).error).toBe('AUTH.NO_REFRESH_TOKEN');
    const bad = await http('POST', `${api}/auth/refresh`, { refreshToken: 'not-a-token' });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p: { field: string }) => p.field)).toEqual(['refreshToken']);
  });

  it('works in Chromium on http://127.0.0.1: the Secure cookie is kept, hidden from scripts, and sent only to /api/auth', async () => {
    const browser = await chromium.launch({ executablePath: execFileSync('which', ['chromium']).toString().trim(), args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const origin = t.platform.gatewayUrl;
      await page.goto(`${origin}/`);
      const outcome = await page.evaluate(
        async ({ email, password }) => {
          const json = { 'content-type': 'application/json' };
          const login = await fetch('/api/auth/login', { method: 'POST', headers: { ...json, 'x-session-transport': 'cookie' }, body: JSON.stringify({ email, password }) });
          const loginBody = (await login.json()) as Record<string, unknown>;
          const refresh = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'x-requested-with': 'XMLHttpRequest' } });
          const refreshBody = (await refresh.json()) as Record<string, unknown>;
          const again = await fetch('/api/auth/refresh', { method: 'POST', headers: json, body: '{}' });
          return { login: login.status, loginHasToken: 'refreshToken' in loginBody, refresh: refresh.status, refreshHasAccess: typeof refreshBody.accessToken === 'string', again: again.status, visible: (globalThis as unknown as { document: { cookie: string } }).document.cookie };
        },
        { email, password },
      );
      expect(outcome).toEqual({ login: 200, loginHasToken: false, refresh: 200, refreshHasAccess: true, again: 200, visible: '' });
      const cookies = await page.context().cookies(origin + '/api/auth/refresh');
      expect(cookies).toEqual([expect.objectContaining({ name: 'grants_refresh', path: '/api/auth', httpOnly: true, secure: true, sameSite: 'Strict' })]);
      expect(await page.context().cookies(origin + '/api/calls')).toEqual([]);
      const loggedOut = await page.evaluate(async () => (await fetch('/api/auth/logout', { method: 'POST', headers: { 'x-requested-with': 'XMLHttpRequest' } })).status);
      expect(loggedOut).toBe(204);
      expect(await page.context().cookies(origin + '/api/auth/refresh')).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
