import { startTestPlatform, TestPlatform } from '@grants/testing';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The gateway serves the built portal: files as they are, index.html for client-side routes, the
 * strict CSP on the portal's pages and the looser one on Swagger UI only, and a clear page while
 * no portal is built. The portal here is a stand-in build (the real one is apps/portal's).
 */
describe('gateway: the portal at /', () => {
  let t: TestPlatform;
  let base: string;
  let portalDir: string;
  const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-3f9a1c.js"></script></head><body><div id="root"></div></body></html>';
  const SCRIPT = 'console.log("portal")';
  const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers, redirect: 'manual' });

  // node:http, because fetch turns a request with If-None-Match into one with Cache-Control: no-cache.
  const conditionalGet = (path: string, etag: string) =>
    new Promise<number>((done, fail) => {
      const req = request(`${base}${path}`, { headers: { 'if-none-match': etag } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.on('error', fail).end();
    });

  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'portal-'));
    portalDir = join(work, 'portal');
    mkdirSync(join(portalDir, 'assets'), { recursive: true });
    writeFileSync(join(portalDir, 'index.html'), INDEX);
    writeFileSync(join(portalDir, 'assets', 'index-3f9a1c.js'), SCRIPT);
    writeFileSync(join(portalDir, 'robots.txt'), 'User-agent: *\n');
    writeFileSync(join(work, 'secret.txt'), 'outside the portal');
    t = await startTestPlatform({ label: 'portalstatic', basePort: 4900, only: ['gateway'], env: { PORTAL_DIR: portalDir } });
    base = t.platform.gatewayUrl;
  });

  afterAll(async () => {
    await t?.stop();
    if (portalDir) rmSync(join(portalDir, '..'), { recursive: true, force: true });
  });

  it('serves index.html at / without caching, under the strict content security policy', async () => {
    const res = await get('/', html);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'self'",
    ]) {
      expect(csp.split(';').map((d) => d.trim())).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers a client-side route with index.html when the browser asks for a page', async () => {
    for (const path of ['/applications/7c1d0a52/receipt', '/reset-password?token=abc', '/grants/42/bank-details']) {
      const res = await get(path, html);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves hashed assets with a year-long immutable cache and other files revalidated', async () => {
    const js = await get('/assets/index-3f9a1c.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe(SCRIPT);
    const etag = js.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(await conditionalGet('/assets/index-3f9a1c.js', etag!)).toBe(304);
    const robots = await get('/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers.get('cache-control')).toBe('no-cache');
  });

  it('does not answer a missing asset, a non-page request or an API path with index.html', async () => {
    const missingAsset = await get('/assets/index-000000.js', html);
    expect(missingAsset.status).toBe(404);
    expect(((await missingAsset.json()) as { error: string }).error).toBe('HTTP.404');
    const json = await get('/applications/42', { accept: 'application/json' });
    expect(json.status).toBe(404);
    for (const path of ['/health/unknown', '/metrics/unknown', '/api/auth/unknown']) {
      const res = await get(path, html);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/json/);
    }
  });

  it('never serves a file from outside the portal directory', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const res = await get(path, html);
      const body = await res.text();
      expect(body).not.toContain('outside the portal');
      if (res.status === 200) expect(body).toBe(INDEX); // a page request for an odd path still opens the app
    }
  });

  it('keeps the API and Swagger UI working, Swagger UI alone under its looser policy', async () => {
    const jwks = await get('/api/auth/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    expect(jwks.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    const docs = await get('/api/docs', html);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self' 'unsafe-inline'");
    expect(docs.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const live = await get('/health/live');
    expect(live.status).toBe(200);
  });

  it('says the portal was not built while its directory is missing, and the API keeps working', async () => {
    renameSync(portalDir, `${portalDir}.away`);
    try {
      const res = await get('/', html);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toMatch(/portal has not been built/);
      expect((await get('/applications/1', html)).status).toBe(404);
      expect((await get('/api/auth/.well-known/jwks.json')).status).toBe(200);
    } finally {
      renameSync(`${portalDir}.away`, portalDir);
    }
    expect((await get('/', html)).status).toBe(200);
  });
});
