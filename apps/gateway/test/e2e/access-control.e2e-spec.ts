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
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { essayCall, leaksIn, pdf, Probe, ProbeRunner } from './cross-user.fixtures';

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
      basePort: Number(process.env.ACCESS_E2E_BASE_PORT ?? 4200),
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
    expect(r.headers.get('x-frame-options')).toBe('DENY'); // never framed (CSP frame-ancestors 'none' too)
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
    const call = await client.expect('POST', '/calls', 201, essayCall(`ACL-${now}`, new Date(now + 3_600_000)), officer.auth);
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

  /**
   * Cross-user tests with real object ids, on every route that takes one: anyone but the owner
   * (and the staff a route names) gets 404 — or 403 where the route is not for their role —,
   * nothing of the owner's comes back, and nothing changes. The owner then sends the same
   * request and it succeeds, so each refusal is about who asks, not about the request.
   */
  describe('one user’s objects reached by another, with real ids', () => {
    const tag = randomBytes(4).toString('hex');
    const S = {
      draftTitle: `draft-title-${tag}`,
      draftText: `draft-text-${tag}`,
      appTitle: `app-title-${tag}`,
      appText: `app-text-${tag}`,
      fullName: `Ana Aleksova ${tag}`,
      email: `ana.${tag}@students-a.mk`,
      draftPdf: `draft-pdf-${tag}`,
      appPdf: `app-pdf-${tag}`,
      draftFile: `draft-${tag}.pdf`,
      appFile: `app-${tag}.pdf`,
      iban: 'MK07250120000058984',
      holder: `Ana Aleksova holder ${tag}`,
      narrative: `report-narrative-${tag}`,
      reportFile: `report-${tag}.txt`,
      reportContent: `report-attachment-${tag}`,
      a2Text: `a2-text-${tag}`,
      a3Text: `a3-text-${tag}`,
      b2Text: `b2-text-${tag}`,
      question: `clarification-question-${tag}`,
      answer: `clarification-answer-${tag}`,
      reason: `ineligible-reason-${tag}`,
      grounds: `appeal-grounds-${tag}`,
    };
    /** What B's bank-details request would write: another account, another holder. */
    const MALLORY = { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', accountHolder: `Mallory ${tag}` };
    const INDICATORS = { eventsHeld: 1, participants: 20, municipalitiesReached: 1 };
    let probes: ProbeRunner;
    let a: Actor;
    let b: Actor;
    let e1: Actor;
    let e2: Actor;
    let openCall: string;
    let closingCall: string;
    let closesAt: number;
    let draftA: string;
    let draftAtt: string;
    let appA: string;
    let appAtt: string;
    let appVersion: number;
    let receiptA: { receiptId: string; reference: string; contentSha256: string };
    let appW: string;
    let awardId: string;
    let grant: { id: string; reference: string };
    let paymentId: string;
    let report: { id: string; attachments: { id: string }[] };
    let appA2: string;
    let appA3: string;
    let appB2: string;
    let appealId: string;
    let assignmentE1: { assignmentId: string; applicationId: string };
    let entryE2: string;
    /** Everything of A's that no one else may see. */
    let secretsOfA: string[];

    const identity = (fullName: string, email: string) => ({ fullName, email, dateOfBirth: birthDateForAge(18), applicantType: 'STUDENT' });
    /** Submits once the call has reached applications over Kafka. */
    const submitTo = (callId: string, who: Actor, title: string, text: string, applicant: object) =>
      waitFor(
        `the call ${callId} in applications`,
        async () => {
          const r = await client.call('POST', `/calls/${callId}/applications`, { title, text, language: 'mk', applicant }, who.auth);
          if (r.status !== 201 && r.status !== 404) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
          return r.status === 201 && r.body;
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
    const asA = (method: string, path: string, status: number, body?: unknown) => client.expect(method, path, status, body, a.auth);

    beforeAll(async () => {
      probes = new ProbeRunner(platform.gatewayUrl);
      a = await client.applicant('Applicant A');
      b = await client.applicant('Applicant B');
      e1 = await client.staff(admin, ['EVALUATOR'], 'Juror One');
      e2 = await client.staff(admin, ['EVALUATOR'], 'Juror Two');
      for (const [e, n] of [
        [e1, 'one'],
        [e2, 'two'],
      ] as const) {
        await client.expect('PUT', '/evaluation/evaluators/me', 200, { displayName: `Juror ${n}`, email: `juror-${n}-${tag}@jury-${n}.mk`, organisation: `Jury ${n}`, languages: ['mk'], maxLoadPerCall: 5 }, e.auth);
      }

      // A call that closes soon (for screening and evaluation), and one that stays open.
      const now = Date.now();
      closesAt = now + 30_000;
      closingCall = (await client.expect('POST', '/calls', 201, essayCall(`ACLE-${now}`, new Date(closesAt)), officer.auth)).id;
      await client.expect('POST', `/calls/${closingCall}/publish`, 200, undefined, officer.auth);
      openCall = (await client.expect('POST', '/calls', 201, essayCall(`ACLO-${now}`, new Date(now + 3_600_000)), officer.auth)).id;
      await client.expect('POST', `/calls/${openCall}/publish`, 200, undefined, officer.auth);
      appA2 = (await submitTo(closingCall, a, `a2-title-${tag}`, S.a2Text, identity(S.fullName, S.email))).applicationId;
      appA3 = (await submitTo(closingCall, a, `a3-title-${tag}`, S.a3Text, identity(S.fullName, S.email))).applicationId;
      appB2 = (await submitTo(closingCall, b, `b2-title-${tag}`, S.b2Text, identity('Boris Boskov', 'boris@students-b.mk'))).applicationId;

      // On the open call, A has a draft with a file, an application with a file (submitted), and one more to withdraw.
      const draft = await waitFor(
        'the open call in applications',
        async () => {
          const r = await client.call('POST', `/calls/${openCall}/applications/drafts`, { title: S.draftTitle, text: S.draftText, language: 'mk', applicant: identity(S.fullName, S.email) }, a.auth);
          return r.status === 201 && r.body;
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      draftA = draft.id;
      const upload = async (id: string, marker: string, fileName: string) => {
        const r = await probes.send(a, { route: 'POST /api/applications/{applicationId}/attachments', params: { applicationId: id }, body: pdf(marker), query: `?key=scan&fileName=${fileName}` });
        if (r.status !== 201) throw new Error(`upload: ${r.status} ${r.text}`);
        return r.json.id as string;
      };
      draftAtt = await upload(draftA, S.draftPdf, S.draftFile);
      appA = (await asA('POST', `/calls/${openCall}/applications/drafts`, 201, { title: S.appTitle, text: S.appText, language: 'mk', applicant: identity(S.fullName, S.email) })).id;
      appAtt = await upload(appA, S.appPdf, S.appFile);
      receiptA = await asA('POST', `/applications/${appA}/submit`, 201);
      appVersion = (await asA('GET', `/applications/${appA}/draft`, 200)).version;
      appW = (await submitTo(openCall, a, `w-title-${tag}`, `w-text-${tag}`, identity(S.fullName, S.email))).applicationId;

      // A grant for A's application: manual award, then disbursement opens it (Kafka).
      const award = await waitFor(
        'the entry in evaluation',
        async () => {
          const r = await client.call('POST', `/evaluation/entries/${appA}/award`, { amountMinor: '100000', rank: 1 }, officer.auth);
          if (r.status !== 201 && r.status !== 404) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
          return r.status === 201 && r.body;
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      awardId = award.awardId;
      grant = await waitFor(
        'the grant, open and knowing its grantee',
        async () => {
          const r = await client.call('GET', `/disbursement/grants?awardId=${awardId}`, undefined, finance.auth);
          const g = r.body.grants?.[0];
          return g?.status === 'OPEN' && g.applicantUserId === a.id && g;
        },
        { timeoutMs: 90_000, intervalMs: 250 },
      );
      const details = await asA('PUT', `/disbursement/grants/${grant.id}/bank-details`, 200, { iban: 'MK07 2501 2000 0058 984', bic: 'KOBSMK2X', accountHolder: S.holder });
      expect(details.current).toMatchObject({ iban: S.iban, accountHolder: S.holder });
      const signed = await client.expect('POST', `/disbursement/grants/${grant.id}/agreement/sign`, 200, { signedOn: new Date().toISOString().slice(0, 10) }, officer.auth);
      paymentId = signed.releasedPaymentId;
      report = await asA('POST', `/disbursement/grants/${grant.id}/reports`, 201, {
        kind: 'FINAL',
        narrative: S.narrative,
        indicators: INDICATORS,
        attachments: [{ fileName: S.reportFile, contentType: 'text/plain', contentBase64: Buffer.from(S.reportContent).toString('base64') }],
      });
      const sha = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');
      secretsOfA = [
        ...Object.values(S),
        sha(pdf(S.draftPdf)),
        sha(pdf(S.appPdf)),
        receiptA.reference,
        receiptA.contentSha256,
        grant.reference,
      ];
    }, 420_000);

    it('applicant B cannot read or change A’s drafts, applications, attachments or receipts', async () => {
      const reads = (id: string, attachmentId: string, withReceipt: boolean): Probe[] => [
        { route: 'GET /api/applications/{applicationId}', params: { applicationId: id } },
        { route: 'GET /api/applications/{applicationId}/attachments', params: { applicationId: id } },
        { route: 'GET /api/applications/{applicationId}/attachments/{attachmentId}', params: { applicationId: id, attachmentId } },
        { route: 'GET /api/applications/{applicationId}/receipts', params: { applicationId: id } },
        { route: 'GET /api/applications/{applicationId}/receipt/verify', params: { applicationId: id }, query: withReceipt ? `?receiptId=${receiptA.receiptId}` : '' },
        { route: 'GET /api/applications/{applicationId}/timeline', params: { applicationId: id } },
        { route: 'GET /api/applications/{applicationId}/clarifications', params: { applicationId: id } },
        { route: 'GET /api/applications/{applicationId}/appeals', params: { applicationId: id } },
      ];
      const applicantOnly = (id: string, attachmentId: string, version: number): Probe[] => [
        { route: 'GET /api/applications/{applicationId}/draft', params: { applicationId: id } },
        { route: 'PATCH /api/applications/{applicationId}/draft', params: { applicationId: id }, body: { version, title: `B was here ${tag}` } },
        { route: 'PUT /api/applications/{applicationId}/guardian-consent', params: { applicationId: id }, body: { guardianName: `B's guardian ${tag}`, relation: 'parent' } },
        { route: 'POST /api/applications/{applicationId}/attachments', params: { applicationId: id }, body: pdf(`b-pdf-${tag}`), query: '?key=scan&fileName=b.pdf' },
        { route: 'DELETE /api/applications/{applicationId}/attachments/{attachmentId}', params: { applicationId: id, attachmentId } },
        { route: 'POST /api/applications/{applicationId}/submit', params: { applicationId: id } },
        { route: 'POST /api/applications/{applicationId}/withdraw', params: { applicationId: id }, body: { reason: `B withdraws ${tag}` } },
        { route: 'POST /api/applications/{applicationId}/clarification/answer', params: { applicationId: id }, body: { answer: `B answers ${tag}` } },
        { route: 'POST /api/applications/{applicationId}/appeals', params: { applicationId: id }, body: { grounds: `B appeals ${tag}` } },
      ];
      const problems = [
        ...(await probes.refusals('B on A’s draft', b, [...reads(draftA, draftAtt, false), ...applicantOnly(draftA, draftAtt, 1)], 404, secretsOfA)),
        ...(await probes.refusals('B on A’s application', b, [...reads(appA, appAtt, true), ...applicantOnly(appA, appAtt, appVersion)], 404, secretsOfA)),
        ...(await probes.refusals('B on A’s other application', b, [{ route: 'POST /api/applications/{applicationId}/withdraw', params: { applicationId: appW }, body: { reason: `B withdraws ${tag}` } }], 404, secretsOfA)),
        // Signed-in staff with no business with applications: the same 404 on the routes open to any role.
        ...(await probes.refusals('evaluator on A’s application', evaluator, reads(appA, appAtt, true), 404, secretsOfA)),
        ...(await probes.refusals('finance on A’s application', finance, reads(appA, appAtt, true), 404, secretsOfA)),
        // A draft is its applicant's alone, even for the programme officer (receipts aside: a draft has none).
        ...(await probes.refusals('officer on A’s draft', officer, reads(draftA, draftAtt, false).filter((p) => !p.route.includes('receipt')), 404, secretsOfA)),
      ];
      expect(problems).toEqual([]);
      // B's own list does not show A's applications.
      const listB = JSON.stringify((await client.expect('GET', '/applications', 200, undefined, b.auth)).applications);
      for (const id of [draftA, appA, appW]) expect(listB).not.toContain(id);

      // Nothing changed: A's draft, application, files and receipt are as A left them.
      const draft = await asA('GET', `/applications/${draftA}/draft`, 200);
      expect(draft).toMatchObject({ status: 'DRAFT', version: 1, content: { title: S.draftTitle, text: S.draftText }, guardianConsent: null });
      expect(draft.attachments.map((x: { id: string; fileName: string }) => [x.id, x.fileName])).toEqual([[draftAtt, S.draftFile]]);
      const app = await asA('GET', `/applications/${appA}/draft`, 200);
      expect(app).toMatchObject({ status: 'SUBMITTED', version: appVersion, revision: 1, content: { title: S.appTitle, text: S.appText }, changedSinceSubmission: false });
      expect(app.attachments.map((x: { id: string }) => x.id)).toEqual([appAtt]);
      expect((await asA('GET', `/applications/${appA}/receipts`, 200)).receipts).toHaveLength(1);
      expect(await asA('GET', `/applications/${appA}/receipt/verify?receiptId=${receiptA.receiptId}`, 200)).toMatchObject({ valid: true, contentSha256: receiptA.contentSha256 });
      expect((await asA('GET', `/applications/${appW}`, 200)).status).toBe('SUBMITTED');
      for (const [id, att, marker] of [
        [draftA, draftAtt, S.draftPdf],
        [appA, appAtt, S.appPdf],
      ]) {
        const own = await probes.send(a, { route: 'GET /api/applications/{applicationId}/attachments/{attachmentId}', params: { applicationId: id, attachmentId: att } });
        expect(own.status).toBe(200);
        expect(own.bytes.equals(pdf(marker))).toBe(true);
      }
      // The officer reads the submitted application and its file (a route's named staff).
      expect((await client.call('GET', `/applications/${appA}`, undefined, officer.auth)).body.content).toMatchObject({ title: S.appTitle });
      expect((await probes.send(officer, { route: 'GET /api/applications/{applicationId}/attachments/{attachmentId}', params: { applicationId: appA, attachmentId: appAtt } })).status).toBe(200);

      // The same requests from A succeed: the refusals above were about who asked.
      expect((await asA('PATCH', `/applications/${draftA}/draft`, 200, { version: 1, title: `B was here ${tag}` })).version).toBe(2);
      await asA('PUT', `/applications/${draftA}/guardian-consent`, 200, { guardianName: `B's guardian ${tag}`, relation: 'parent' });
      expect(await asA('DELETE', `/applications/${draftA}/attachments/${draftAtt}`, 200)).toEqual({ deleted: draftAtt });
      expect((await asA('POST', `/applications/${draftA}/submit`, 201)).applicationId).toBe(draftA);
      expect((await asA('POST', `/applications/${appA}/submit`, 200)).receiptId).toBe(receiptA.receiptId);
      expect((await asA('POST', `/applications/${appW}/withdraw`, 200, { reason: `B withdraws ${tag}` })).status).toBe('WITHDRAWN');
      expect((await asA('GET', `/applications/${appW}`, 200)).status).toBe('WITHDRAWN');
    });

    it('applicant B cannot read or change A’s grant, bank details, reports or statements', async () => {
      const g = { grantId: grant.id };
      const reads: Probe[] = [
        { route: 'GET /api/disbursement/grants/{grantId}', params: g },
        { route: 'GET /api/disbursement/grants/{grantId}/bank-details', params: g },
        { route: 'GET /api/disbursement/grants/{grantId}/reports', params: g },
        { route: 'GET /api/disbursement/reports/{reportId}/attachments/{attachmentId}', params: { reportId: report.id, attachmentId: report.attachments[0].id } },
        { route: 'GET /api/disbursement/grants/{grantId}/statement', params: g },
        { route: 'GET /api/disbursement/grants/{grantId}/statement.csv', params: g },
      ];
      const putBank: Probe = { route: 'PUT /api/disbursement/grants/{grantId}/bank-details', params: g, body: MALLORY };
      const postReport: Probe = { route: 'POST /api/disbursement/grants/{grantId}/reports', params: g, body: { kind: 'INTERIM', narrative: `B's report ${tag}`, indicators: INDICATORS } };
      // The grantee confirms bank details that staff entered for them; nobody else's grantee can.
      const confirmBank: Probe = { route: 'POST /api/disbursement/grants/{grantId}/bank-details/confirm', params: g, body: {} };
      const problems = [
        ...(await probes.refusals('B on A’s grant', b, [...reads, putBank, confirmBank, postReport], 404, secretsOfA)),
        ...(await probes.refusals('evaluator on A’s grant', evaluator, [...reads, putBank, confirmBank, postReport], 404, secretsOfA)),
        // Grant staff see the grant, but bank details are finance's and the grantee's only, and reports are filed by the grantee alone.
        ...(await probes.refusals('officer on A’s bank details and reports', officer, [reads[1], putBank, confirmBank, postReport], 404, secretsOfA)),
        ...(await probes.refusals('finance filing A’s report', finance, [postReport], 404, secretsOfA)),
      ];
      expect(problems).toEqual([]);
      expect(JSON.stringify((await client.expect('GET', '/disbursement/my-grants', 200, undefined, b.auth)).grants)).not.toContain(grant.id);

      // A's bank details and reports are unchanged, read back by A and by finance.
      for (const who of [a, finance]) {
        const bank = await client.expect('GET', `/disbursement/grants/${grant.id}/bank-details`, 200, undefined, who.auth);
        expect(bank.current).toMatchObject({ iban: S.iban, bic: 'KOBSMK2X', accountHolder: S.holder, changedBy: a.id });
        expect(bank.history).toHaveLength(1);
      }
      const reports = (await asA('GET', `/disbursement/grants/${grant.id}/reports`, 200)).reports;
      expect(reports.map((r: { id: string; narrative: string; submittedBy: string }) => [r.id, r.narrative, r.submittedBy])).toEqual([[report.id, S.narrative, a.id]]);
      const file = await probes.send(a, reads[3]);
      expect([file.status, file.text]).toEqual([200, S.reportContent]);
      expect((await probes.send(officer, reads[3])).text).toBe(S.reportContent);
      expect((await asA('GET', `/disbursement/grants/${grant.id}`, 200)).reference).toBe(grant.reference);
      expect((await probes.send(a, reads[5])).status).toBe(200);

      // The same writes from A succeed.
      expect((await asA('PUT', `/disbursement/grants/${grant.id}/bank-details`, 200, MALLORY)).history).toHaveLength(2);
      expect((await asA('POST', `/disbursement/grants/${grant.id}/reports`, 201, postReport.body)).submittedBy).toBe(a.id);
    });

    it('keeps clarifications, screening reasons and appeals with their applicant', async () => {
      await sleep(Math.max(0, closesAt - Date.now() + 1000));
      const decide = (id: string, body: object) =>
        waitFor(`the decision on ${id}`, async () => {
          const r = await client.call('POST', `/applications/${id}/eligibility`, body, officer.auth);
          if (r.status !== 200 && r.status !== 409) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
          return r.status === 200 && r.body;
        }, { timeoutMs: 30_000, intervalMs: 250 });
      await decide(appA2, { decision: 'CLARIFICATION', question: S.question, respondBy: new Date(Date.now() + 86_400_000).toISOString() });
      await decide(appA3, { decision: 'INELIGIBLE', reason: S.reason });
      const answer = { answer: S.answer };
      const appeal = { grounds: S.grounds };
      const on = (id: string) => ({ applicationId: id });
      let problems = await probes.refusals(
        'B on A’s screening',
        b,
        [
          { route: 'GET /api/applications/{applicationId}/clarifications', params: on(appA2) },
          { route: 'POST /api/applications/{applicationId}/clarification/answer', params: on(appA2), body: answer },
          { route: 'GET /api/applications/{applicationId}/timeline', params: on(appA2) },
          { route: 'GET /api/applications/{applicationId}', params: on(appA3) },
          { route: 'GET /api/applications/{applicationId}/timeline', params: on(appA3) },
          { route: 'POST /api/applications/{applicationId}/appeals', params: on(appA3), body: appeal },
        ],
        404,
        secretsOfA,
      );
      expect(problems).toEqual([]);
      const [clarification] = (await asA('GET', `/applications/${appA2}/clarifications`, 200)).clarifications;
      expect(clarification).toMatchObject({ question: S.question, status: 'OPEN', answer: null });
      expect((await asA('GET', `/applications/${appA3}/appeals`, 200)).appeals).toEqual([]);
      // A answers and appeals with the very same bodies.
      await asA('POST', `/applications/${appA2}/clarification/answer`, 200, answer);
      appealId = (await asA('POST', `/applications/${appA3}/appeals`, 201, appeal)).appealId;
      expect(appealId).toMatch(/^[0-9a-f-]{36}$/);
      problems = await probes.refusals(
        'B on A’s answer and appeal',
        b,
        [
          { route: 'GET /api/applications/{applicationId}/clarifications', params: on(appA2) },
          { route: 'GET /api/applications/{applicationId}/appeals', params: on(appA3) },
        ],
        404,
        secretsOfA,
      );
      expect(problems).toEqual([]);
      await decide(appA2, { decision: 'ELIGIBLE' });
      await decide(appB2, { decision: 'ELIGIBLE' });
    });

    it('shows an evaluator only the entries assigned to them; a finance officer cannot score', async () => {
      await waitFor(
        'the screening decisions in evaluation',
        async () => {
          const r = await client.call('GET', `/evaluation/calls/${closingCall}/entries`, undefined, officer.auth);
          return r.body.entries?.length === 3 && r.body.entries.every((x: { eligible: boolean | null }) => x.eligible !== null);
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      for (const e of [e1, e2]) {
        await client.expect('POST', `/evaluation/calls/${closingCall}/panel`, 201, { evaluatorId: e.id, maxLoad: 1 }, officer.auth);
        await client.expect('POST', `/evaluation/invitations/${closingCall}/accept`, 200, {}, e.auth);
      }
      const started = await client.expect('POST', `/evaluation/calls/${closingCall}/assignments`, 200, {}, officer.auth);
      expect(started).toMatchObject({ eligible: 2, ineligible: 1, assignedNow: 2, staffed: 2, shortfalls: [] });
      const { assignments } = await client.expect('GET', `/evaluation/calls/${closingCall}/assignments`, 200, undefined, officer.auth);
      const byEvaluator = (e: Actor) => assignments.filter((x: { evaluatorId: string }) => x.evaluatorId === e.id);
      expect([byEvaluator(e1).length, byEvaluator(e2).length]).toEqual([1, 1]);
      assignmentE1 = byEvaluator(e1)[0];
      entryE2 = byEvaluator(e2)[0].applicationId;
      const entryE1 = assignmentE1.applicationId;
      const contentE1 = { [appA2]: S.a2Text, [appB2]: S.b2Text }[entryE1];
      expect(contentE1).toBeDefined();

      // Each reads their own entry; E2's list does not name E1's.
      expect((await client.expect('GET', `/evaluation/reviews/${entryE1}`, 200, undefined, e1.auth)).reviewContent.text).toBe(contentE1);
      expect((await client.expect('GET', `/evaluation/reviews/${entryE2}`, 200, undefined, e2.auth)).applicationId).toBe(entryE2);
      const listE2 = (await client.expect('GET', `/evaluation/reviews?callId=${closingCall}`, 200, undefined, e2.auth)).reviews;
      expect(listE2.map((r: { applicationId: string }) => r.applicationId)).toEqual([entryE2]);

      const entry = { applicationId: entryE1 };
      const sheet = { scores: { relevance: 7, originality: 8 } };
      const scoring: Probe[] = [
        { route: 'GET /api/evaluation/reviews/{applicationId}', params: entry },
        { route: 'PUT /api/evaluation/reviews/{applicationId}/score-sheet', params: entry, body: sheet },
        { route: 'POST /api/evaluation/reviews/{applicationId}/score-sheet/submit', params: entry, body: sheet },
        { route: 'POST /api/evaluation/reviews/{applicationId}/decline', params: entry, body: { reason: 'too busy this week' } },
        { route: 'POST /api/evaluation/reviews/{applicationId}/conflict', params: entry, body: { description: 'I know the author' } },
      ];
      const officerOnly: Probe[] = [
        ...['entries', 'assignments', 'conflicts', 'progress', 'panel', 'proposal', 'results'].map((x) => ({ route: `GET /api/evaluation/calls/{callId}/${x}`, params: { callId: closingCall } })),
        { route: 'POST /api/evaluation/assignments/{assignmentId}/reopen', params: { assignmentId: assignmentE1.assignmentId }, body: { reason: 'reopen it please' } },
        { route: 'POST /api/evaluation/entries/{applicationId}/consensus', params: entry, body: { score: 80, note: 'we all agree on this one' } },
      ];
      const invitations: Probe[] = ['accept', 'decline', 'withdraw'].map((x) => ({
        route: `POST /api/evaluation/invitations/{callId}/${x}`,
        params: { callId: openCall },
        body: x === 'withdraw' ? { reason: 'leaving the panel' } : {},
      }));
      const secrets = [contentE1, ...secretsOfA];
      const problems = [
        // Another panel member of the same call, and an evaluator on no panel at all.
        ...(await probes.refusals('E2 on E1’s entry', e2, scoring, 404, secrets)),
        ...(await probes.refusals('unassigned evaluator on E1’s entry', evaluator, scoring, 404, secrets)),
        ...(await probes.refusals('E2 on a panel they are not on', e2, invitations, 404, secrets)),
        ...(await probes.refusals('E2 on officer routes', e2, officerOnly, 403, secrets)),
        ...(await probes.refusals('E2 on the application behind an entry', e2, [{ route: 'GET /api/applications/{applicationId}', params: entry }], 404, secrets)),
        // Finance scores nothing and reaches no scoring route, with real ids.
        ...(await probes.refusals('finance on scoring', finance, [...scoring, ...officerOnly.slice(-2)], 403, secrets)),
      ];
      expect(problems).toEqual([]);

      // Nothing was written or released: E1 still holds the entry with no sheet, E2 still theirs.
      expect((await client.expect('GET', `/evaluation/reviews/${entryE1}`, 200, undefined, e1.auth)).sheet).toBeNull();
      const after = (await client.expect('GET', `/evaluation/calls/${closingCall}/assignments`, 200, undefined, officer.auth)).assignments;
      expect(after.map((x: { applicationId: string; evaluatorId: string; status: string }) => `${x.applicationId} ${x.evaluatorId} ${x.status}`).sort()).toEqual(
        [`${entryE1} ${e1.id} ACTIVE`, `${entryE2} ${e2.id} ACTIVE`].sort(),
      );
      // E1 saves and submits the very sheet E2 and finance sent.
      await client.expect('PUT', `/evaluation/reviews/${entryE1}/score-sheet`, 200, sheet, e1.auth);
      expect((await client.expect('POST', `/evaluation/reviews/${entryE1}/score-sheet/submit`, 200, sheet, e1.auth)).status).toBe('SUBMITTED');
      expect((await client.expect('GET', `/evaluation/reviews/${entryE1}`, 200, undefined, e1.auth)).sheet).toMatchObject({ status: 'SUBMITTED', scores: sheet.scores });
    });

    it('has a cross-user test for every route that takes an object id; applicants reach no staff route with real ids', async () => {
      const withId = operations.filter((o) => !o.public && o.roles && o.path.includes('{'));
      const key = (o: Operation) => `${o.method} ${o.path}`;
      // Applying to a published call is what those routes are for: the call is not anyone's object.
      const applying = ['POST /api/calls/{callId}/applications', 'POST /api/calls/{callId}/applications/drafts'];
      const ownerRoutes = withId.filter((o) => o.roles!.includes('APPLICANT') || o.roles!.includes('*')).map(key).filter((k) => !applying.includes(k));
      const evaluatorRoutes = withId.filter((o) => o.roles!.includes('EVALUATOR')).map(key);
      expect(ownerRoutes.length).toBeGreaterThan(20);
      expect([...ownerRoutes, ...evaluatorRoutes].filter((k) => !probes.refusedRoutes.has(k))).toEqual([]);

      // Every staff route, with the real ids of this suite's objects in its path.
      const real: Record<string, string> = {
        callId: closingCall,
        applicationId: appA,
        attachmentId: appAtt,
        appealId,
        grantId: grant.id,
        reportId: report.id,
        paymentId,
        evaluatorId: e1.id,
        assignmentId: assignmentE1.assignmentId,
        awardId,
      };
      const staffOnly = operations.filter((o) => !o.public && o.roles && !o.roles.includes('*') && !o.roles.includes('APPLICANT'));
      const answers: string[] = [];
      for (const op of staffOnly) {
        const path = op.path.replace(/\{(\w+)\}/g, (_, k: string) => real[k] ?? randomUUID());
        const r = await http(op.method, `${platform.gatewayUrl}${path}`, ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined, a.auth);
        const leaked = leaksIn(JSON.stringify(r.body ?? ''), secretsOfA);
        answers.push(`${op.method} ${op.path} ${r.status}${leaked.length ? ` leaks ${leaked.join(',')}` : ''}`);
      }
      expect(answers.filter((x) => !x.endsWith(' 403'))).toEqual([]);
    });
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
