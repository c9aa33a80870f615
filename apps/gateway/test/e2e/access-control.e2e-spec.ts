import {
  Actor,
  birthDateForAge,
  http,
  Platform,
  PlatformClient,
  REPO_ROOT,
  ServiceName,
  sleep,
  startTestPlatform,
  TestPlatform,
  uniqueEmail,
  waitFor,
} from '@grants/testing';
import { exportJWK, importPKCS8, SignJWT } from 'jose';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';

const ROLES = ['APPLICANT', 'PROGRAMME_OFFICER', 'EVALUATOR', 'FINANCE_OFFICER', 'FINANCE_APPROVER', 'ADMIN'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  method: string;
  path: string;
  public: boolean;
  roles: string[] | null;
}

/**
 * Identity and access control across every service, on the real platform: each service runs as
 * its own process and verifies tokens itself from the gateway's JWKS.
 */
describe('identity, tokens and access control across every service', () => {
  let t: TestPlatform;
  let platform: Platform;
  let api: string;
  let client: PlatformClient;
  let admin: Actor;
  let officer: Actor;
  let finance: Actor;
  let evaluator: Actor;
  let operations: Operation[];

  const query = (svc: ServiceName, sql: string, params: unknown[] = []) => t.query(svc, sql, params);
  const concrete = (path: string) => path.replace(/\{[^}]+\}/g, () => randomUUID());

  beforeAll(async () => {
    t = await startTestPlatform({
      label: 'acl',
      basePort: 4200,
      env: { LOCKOUT_THRESHOLD: '3', LOGINS_PER_MINUTE_PER_ACCOUNT: '6' },
    });
    ({ platform, api, client } = t);
    admin = await client.admin();
    officer = await client.staff(admin, ['PROGRAMME_OFFICER']);
    finance = await client.staff(admin, ['FINANCE_OFFICER']);
    evaluator = await client.staff(admin, ['EVALUATOR']);
    const doc = (await http('GET', `${api}/openapi.json`)).body;
    operations = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const m of METHODS) {
        const op = item[m];
        if (op) operations.push({ method: m.toUpperCase(), path, public: op['x-public'] === true, roles: op['x-roles'] ?? null });
      }
    }
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('documents every route of every service in one OpenAPI document, each with an access policy', () => {
    const services = new Set(operations.map((o) => o.path.split('/')[2]));
    for (const s of ['auth', 'calls', 'applications', 'evaluation', 'disbursement', 'notifications']) expect(services).toContain(s);
    // A route added without @Public/@Roles/@Authenticated has neither mark and fails here.
    const withoutPolicy = operations.filter((o) => !o.public && !o.roles);
    expect(withoutPolicy).toEqual([]);
    const publicOnes = operations.filter((o) => o.public).map((o) => `${o.method} ${o.path}`);
    expect(publicOnes.sort()).toEqual(
      [
        'POST /api/auth/register',
        'POST /api/auth/login',
        'POST /api/auth/refresh',
        'POST /api/auth/logout',
        'POST /api/auth/password-reset',
        'POST /api/auth/password-reset/confirm',
        'GET /api/auth/.well-known/jwks.json',
        'GET /api/calls/catalogue',
        'GET /api/calls/catalogue/{callId}',
        'GET /health/live',
        'GET /health/ready',
      ].sort(),
    );
  });

  it('serves Swagger UI, sets security headers, passes correlation ids and limits body size', async () => {
    const docs = await fetch(`${api}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
    const r = await http('GET', `${api}/auth/.well-known/jwks.json`, undefined, { 'x-correlation-id': 'corr-acl-1' });
    expect(r.body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(r.body.keys[0].d).toBeUndefined(); // never the private half
    expect(r.headers.get('x-correlation-id')).toBe('corr-acl-1');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    const huge = await http('POST', `${api}/auth/register`, { email: 'a@example.org', displayName: 'x'.repeat(13 * 1024 * 1024) });
    expect(huge.status).toBe(413);
  });

  it('refuses every non-public route without a token (401) and with a wrong role (403)', async () => {
    const protectedOps = operations.filter((o) => !o.public);
    expect(protectedOps.length).toBeGreaterThan(8);
    const tokenOf: Record<string, Actor> = {};
    tokenOf.ADMIN = admin;
    tokenOf.PROGRAMME_OFFICER = officer;
    tokenOf.FINANCE_OFFICER = finance;
    tokenOf.EVALUATOR = evaluator;
    tokenOf.APPLICANT = await client.applicant('Policy Tester');
    tokenOf.FINANCE_APPROVER = await client.staff(admin, ['FINANCE_APPROVER']);
    const failures: string[] = [];
    for (const op of protectedOps) {
      const url = `${platform.gatewayUrl}${concrete(op.path)}`;
      const body = ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined;
      const anonymous = await http(op.method, url, body);
      if (anonymous.status !== 401) failures.push(`${op.method} ${op.path} without a token: ${anonymous.status}`);
      const garbage = await http(op.method, url, body, { authorization: 'Bearer not.a.token' });
      if (garbage.status !== 401) failures.push(`${op.method} ${op.path} with garbage: ${garbage.status}`);
      if (op.roles && !op.roles.includes('*')) {
        for (const role of ROLES.filter((r) => !op.roles!.includes(r))) {
          const wrong = await http(op.method, url, body, tokenOf[role].auth);
          if (wrong.status !== 403) failures.push(`${op.method} ${op.path} as ${role}: ${wrong.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses forged tokens in every service: wrong key, alg none, expired, tampered claims', async () => {
    const [key] = await query('gateway', `SELECT kid, private_pem FROM signing_key`);
    const realKey = await importPKCS8(key.private_pem, 'EdDSA');
    const { privateKey: strangerKey } = generateKeyPairSync('ed25519');
    const claims = { roles: ['PROGRAMME_OFFICER', 'FINANCE_OFFICER', 'ADMIN'], typ: 'access' };
    const now = Math.floor(Date.now() / 1000);
    const sign = (k: Parameters<SignJWT['sign']>[0], iat: number, exp: number, extra: Record<string, unknown> = {}) =>
      new SignJWT({ ...claims, ...extra })
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
        .setSubject(officer.id)
        .setIssuer('grants-gateway')
        .setAudience('grants-platform')
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(k);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const [h, p, sig] = officer.token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged: Record<string, string> = {
      'signed by another key under the real kid': await sign(strangerKey, now, now + 600),
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...payload, roles: ['ADMIN'] })}.`,
      expired: await sign(realKey, now - 7200, now - 3600),
      'tampered claims': `${h}.${b64({ ...payload, roles: ['ADMIN', 'FINANCE_APPROVER'] })}.${sig}`,
      'wrong audience': await new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
        .setSubject(officer.id)
        .setIssuer('grants-gateway')
        .setAudience('someone-else')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(realKey),
    };
    expect(JSON.stringify(await exportJWK(strangerKey))).toBeTruthy();
    // One protected route per service, each checked by that service itself.
    const probes: [ServiceName, string, string][] = [
      ['gateway', 'GET', '/api/auth/me'],
      ['calls', 'GET', `/api/calls/${randomUUID()}`],
      ['applications', 'GET', `/api/applications/${randomUUID()}`],
      ['evaluation', 'GET', `/api/evaluation/calls/${randomUUID()}/entries`],
      ['disbursement', 'GET', '/api/disbursement/grants'],
      ['notifications', 'GET', '/api/notifications/deliveries'],
    ];
    const answers: string[] = [];
    for (const [svc, method, path] of probes) {
      // Straight at the service too, not only through the gateway: each verifies on its own.
      const direct = path.replace(/^\/api/, '');
      const base = svc === 'gateway' ? platform.gatewayUrl : platform.services[svc].url;
      for (const [what, token] of Object.entries(forged)) {
        const r = await http(method, `${base}${svc === 'gateway' ? path : direct}`, undefined, { authorization: `Bearer ${token}` });
        answers.push(`${svc} ${what}: ${r.status}`);
      }
      // The genuine token of the same officer works, so the refusals above are about the forgery.
      const genuine = await http(method, `${base}${svc === 'gateway' ? path : direct}`, undefined, { authorization: `Bearer ${admin.token}` });
      expect([200, 403, 404]).toContain(genuine.status);
    }
    expect(answers.filter((a) => !a.endsWith(': 401'))).toEqual([]);
  });

  it('keeps users out of each other’s objects and applicants out of staff routes', async () => {
    const now = Date.now();
    const call = await client.expect('POST', '/calls', 201, {
      referenceCode: `ACL-${now}`,
      kind: 'ESSAY_CONTEST',
      currency: 'MKD',
      budgetMinor: '100000',
      opensAt: 'ON_PUBLICATION',
      closesAt: new Date(now + 3_600_000).toISOString(),
      timeZone: 'Europe/Skopje',
      defaultLanguage: 'mk',
      texts: { mk: { title: 'Есеј', summary: 'Есеј', body: 'Есеј' } },
      funder: 'Асоцијација Иницијатива за социјална промена ИнСоК',
      submissionLanguages: ['mk'],
      eligibility: { applicantTypes: ['STUDENT'], ageRange: { minAge: 14, maxAge: 19 }, guardianConsentUnderAge: 18, wordLimits: { maxWords: 1500 }, onePerApplicant: false },
      form: { sections: [{ key: 'title', required: true }, { key: 'text', required: true }], attachments: [] },
      rubric: { criteria: [{ id: 'relevance', weightPercent: 50, maxScore: 10, step: 1 }, { id: 'originality', weightPercent: 50, maxScore: 10, step: 1 }], passMark: 50 },
      evaluation: { evaluatorsPerEntry: 1, blind: true, divergence: { mode: 'NONE' }, tieBreak: [{ by: 'EARLIER_SUBMISSION' }] },
      awardRules: { mode: 'RANKED_PRIZES', prizesMinor: ['100000'], reserveListLength: 0 },
      paymentPolicy: { tranches: [{ percent: 100, trigger: 'ON_AGREEMENT_SIGNED' }] },
      appealWindowDays: 8,
    }, officer.auth);
    await client.expect('POST', `/calls/${call.id}/publish`, 200, undefined, officer.auth);
    const a = await client.applicant('Applicant A');
    const b = await client.applicant('Applicant B');
    const receipt = await waitFor('the call in applications', async () => {
      const r = await client.call('POST', `/calls/${call.id}/applications`, { title: 'A', text: 'Text of A', language: 'mk', applicant: { fullName: 'Applicant A', email: 'a@example.org', dateOfBirth: birthDateForAge(18), applicantType: 'STUDENT' } }, a.auth);
      return r.status === 201 && r.body;
    });
    expect((await client.call('GET', `/applications/${receipt.applicationId}`, undefined, a.auth)).status).toBe(200);
    const asB = await client.call('GET', `/applications/${receipt.applicationId}`, undefined, b.auth);
    expect(asB.status).toBe(404);
    expect(JSON.stringify(asB.body)).not.toContain('Text of A');
    expect((await client.call('GET', `/applications/${receipt.applicationId}`, undefined, officer.auth)).status).toBe(200);
    // Staff roles that have no business with it are refused too.
    expect((await client.call('GET', `/applications/${receipt.applicationId}`, undefined, evaluator.auth)).status).toBe(404);
    // An evaluator cannot read entries (no assignment gives access yet); finance cannot award.
    expect((await client.call('GET', `/evaluation/calls/${call.id}/entries`, undefined, evaluator.auth)).status).toBe(403);
    expect((await client.call('POST', `/evaluation/entries/${receipt.applicationId}/award`, { amountMinor: '100' }, finance.auth)).status).toBe(403);
    // An applicant cannot reach any staff route.
    const staffOnly = operations.filter((o) => !o.public && o.roles && !o.roles.includes('*') && !o.roles.includes('APPLICANT'));
    for (const op of staffOnly) {
      const r = await http(op.method, `${platform.gatewayUrl}${concrete(op.path)}`, ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined, a.auth);
      expect(`${op.method} ${op.path} ${r.status}`).toBe(`${op.method} ${op.path} 403`);
    }
  });

  it('refuses bad registration and login input with the field named, creating nothing', async () => {
    const count = async () => (await query('gateway', `SELECT count(*)::int AS n FROM user_account`))[0].n;
    const before = await count();
    const good = { email: uniqueEmail('bad'), password: 'long-enough-pw', displayName: 'Ана', preferredLanguage: 'mk', applicantType: 'STUDENT' };
    const cases: [object, string[]][] = [
      [{}, ['email', 'password', 'displayName', 'preferredLanguage', 'applicantType']],
      [{ ...good, email: 'not-an-email' }, ['email']],
      [{ ...good, password: 'short' }, ['password']],
      [{ ...good, password: 'x'.repeat(5000) }, ['password']],
      [{ ...good, displayName: 'Ж'.repeat(300) }, ['displayName']],
      [{ ...good, preferredLanguage: 42 }, ['preferredLanguage']],
      [{ ...good, applicantType: 'ALIEN' }, ['applicantType']],
      [{ ...good, roles: ['ADMIN'] }, ['roles']],
      [{ ...good, isAdmin: true }, ['isAdmin']],
    ];
    for (const [body, fields] of cases) {
      const r = await http('POST', `${api}/auth/register`, body);
      expect(r.status).toBe(400);
      const named = r.body.problems.map((p: { field: string }) => p.field);
      for (const f of fields) expect(named).toContain(f);
    }
    for (const [body, field] of [
      [{ email: 'x@example.org' }, 'password'],
      [{ password: 'whatever-long' }, 'email'],
      [{ email: 'x@example.org', password: 12345678901 }, 'password'],
      [{ email: 'x@example.org', password: 'p'.repeat(10), extra: 1 }, 'extra'],
    ] as const) {
      const r = await http('POST', `${api}/auth/login`, body);
      expect(r.status).toBe(400);
      expect(r.body.problems.map((p: { field: string }) => p.field)).toContain(field);
    }
    const notJson = await http('POST', `${api}/auth/register`, '{"email":', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('locks an account after repeated failures without revealing it, and limits login attempts', async () => {
    const email = uniqueEmail('lock');
    await client.expect('POST', '/auth/register', 201, { email, password: 'correct-horse-1', displayName: 'Lock Test', preferredLanguage: 'en', applicantType: 'STUDENT' });
    const unknown = await http('POST', `${api}/auth/login`, { email: uniqueEmail('nobody'), password: 'correct-horse-1' });
    const wrong = await http('POST', `${api}/auth/login`, { email, password: 'wrong-password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message); // the same words whether the account exists or not
    await http('POST', `${api}/auth/login`, { email, password: 'wrong-password' });
    await http('POST', `${api}/auth/login`, { email, password: 'wrong-password' }); // third failure: locked
    const locked = await http('POST', `${api}/auth/login`, { email, password: 'correct-horse-1' });
    expect(locked.status).toBe(401);
    expect(locked.body.message).toBe(unknown.body.message);
    const [row] = await query('gateway', `SELECT locked_until FROM user_account WHERE email = $1`, [email]);
    expect(row.locked_until.getTime()).toBeGreaterThan(Date.now());
    // Six attempts per minute per account, then 429 whatever the password.
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await http('POST', `${api}/auth/login`, { email, password: 'x'.repeat(10) })).status);
    expect(statuses).toContain(429);
    const resetForUnknown = await http('POST', `${api}/auth/password-reset`, { email: uniqueEmail('ghost') });
    expect(resetForUnknown.status).toBe(202);
  });

  it('rotates refresh tokens, revokes the whole login on reuse, and resets passwords by e-mailed token', async () => {
    const email = uniqueEmail('rotate');
    await client.expect('POST', '/auth/register', 201, { email, password: 'first-password-1', displayName: 'Rotation', preferredLanguage: 'bg', applicantType: 'REGISTERED_ORGANISATION' });
    const s1 = await client.expect('POST', '/auth/login', 200, { email, password: 'first-password-1' });
    const s2 = await client.expect('POST', '/auth/refresh', 200, { refreshToken: s1.refreshToken });
    expect(s2.refreshToken).not.toBe(s1.refreshToken);
    expect((await http('GET', `${api}/auth/me`, undefined, { authorization: `Bearer ${s2.accessToken}` })).body.id).toBe(s2.user.id);
    // The spent token comes back (stolen?): refused, and the newer one dies with it.
    expect((await http('POST', `${api}/auth/refresh`, { refreshToken: s1.refreshToken })).status).toBe(401);
    expect((await http('POST', `${api}/auth/refresh`, { refreshToken: s2.refreshToken })).status).toBe(401);
    // Logout ends a session.
    const s3 = await client.expect('POST', '/auth/login', 200, { email, password: 'first-password-1' });
    await client.expect('POST', '/auth/logout', 204, { refreshToken: s3.refreshToken });
    expect((await http('POST', `${api}/auth/refresh`, { refreshToken: s3.refreshToken })).status).toBe(401);
    // Reset: the token travels to notifications through the outbox; using it twice fails.
    await client.expect('POST', '/auth/password-reset', 202, { email });
    const [evt] = await query('gateway', `SELECT envelope FROM outbox_message WHERE topic = 'identity.password-reset.requested.v1' ORDER BY id DESC LIMIT 1`);
    const token = evt.envelope.payload.resetToken;
    await client.expect('POST', '/auth/password-reset/confirm', 204, { token, newPassword: 'second-password-2' });
    expect((await http('POST', `${api}/auth/password-reset/confirm`, { token, newPassword: 'third-password-3' })).status).toBe(422);
    expect((await http('POST', `${api}/auth/login`, { email, password: 'first-password-1' })).status).toBe(401);
    await client.expect('POST', '/auth/login', 200, { email, password: 'second-password-2' });
    // Registration was announced on Kafka (through the outbox).
    const [registered] = await query('gateway', `SELECT envelope FROM outbox_message WHERE topic = 'identity.user.registered.v1' AND envelope->'payload'->>'email' = $1`, [email]);
    expect(registered.envelope.payload).toMatchObject({ preferredLanguage: 'bg', applicantType: 'REGISTERED_ORGANISATION', roles: ['APPLICANT'] });
  });

  it('hash-chains account changes; the verify command finds an entry edited in the database', async () => {
    await waitFor('the audit log to be sealed', async () => {
      const [r] = await query('gateway', `SELECT count(*)::int AS n FROM audit_log WHERE chain_seq IS NULL`);
      return r.n === 0;
    });
    const verify = () => {
      try {
        return { code: 0, out: execFileSync(process.execPath, [resolve(REPO_ROOT, 'dist/libs/database/src/audit/verify-cli.js'), t.dbs.gateway.url], { encoding: 'utf8' }) };
      } catch (err) {
        const e = err as { status: number; stdout: string };
        return { code: e.status, out: e.stdout };
      }
    };
    const ok = verify();
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/audit chain holds: \d+ sealed entries checked/);
    const [target] = await query('gateway', `SELECT id, chain_seq FROM audit_log WHERE action = 'account.created' ORDER BY chain_seq LIMIT 1 OFFSET 2`);
    const c = new Client({ connectionString: t.dbs.gateway.url });
    await c.connect();
    await c.query('BEGIN');
    await c.query(`SET LOCAL session_replication_role = replica`);
    await c.query(`UPDATE audit_log SET after = jsonb_set(after, '{roles}', '["ADMIN"]') WHERE id = $1`, [target.id]);
    await c.query('COMMIT');
    await c.end();
    const broken = verify();
    expect(broken.code).toBe(2);
    expect(broken.out).toContain(`BROKEN at chain entry ${target.chain_seq} (audit_log.id ${target.id})`);
    await sleep(10);
  });
});
