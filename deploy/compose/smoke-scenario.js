#!/usr/bin/env node
/*
 * The compose smoke test's scenario, through the gateway's public API only (as in deploy/demo):
 * an applicant registers and logs in, the bootstrap admin creates a programme officer, the officer
 * creates and publishes an NGO grant call that opens on publication, the applicant drafts and
 * submits an application and gets a receipt, and the submission is seen to reach the evaluation
 * service (the officer's list of the call's entries there, fed over Kafka).
 *
 *   node deploy/compose/smoke-scenario.js --api http://127.0.0.1:13000/api \
 *     --admin-email admin@example.org --admin-password ... [--timeout 120]
 *
 * Plain Node 20 (global fetch), no build step and no dependencies: it runs on the host against
 * the containers. Exit 0 when every step held; otherwise 1, naming the step and the answer.
 */
'use strict';
const { randomBytes } = require('node:crypto');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0 && args[i + 1] !== undefined) return args[i + 1];
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${name}`);
};
const API = opt('api');
const ADMIN = { email: opt('admin-email'), password: opt('admin-password') };
const TIMEOUT_MS = Number(opt('timeout', '120')) * 1000;
const started = Date.now();
const say = (line) => console.log(`[smoke:scenario] ${line} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const run = randomBytes(3).toString('hex');
const email = (local) => `${local}.${run}@example.org`;

async function call(method, path, body, who, headers = {}) {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(who ? { authorization: `Bearer ${who.token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed };
}

async function expect(method, path, status, body, who, headers) {
  const r = await call(method, path, body, who, headers);
  if (r.status !== status) throw new Error(`${method} ${path}: expected HTTP ${status}, got ${r.status}: ${JSON.stringify(r.body).slice(0, 800)}`);
  return r.body;
}

/** Asks until `accept` holds (state another service learns over Kafka), at most TIMEOUT_MS. */
async function until(what, method, path, body, who, accept, headers) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const r = await call(method, path, body, who, headers).catch((err) => ({ status: 0, body: String(err) }));
    if (accept(r)) return r.body;
    if (Date.now() > deadline) throw new Error(`timed out after ${TIMEOUT_MS / 1000} s waiting for ${what}; last answer ${r.status}: ${JSON.stringify(r.body).slice(0, 800)}`);
    await sleep(300);
  }
}

async function login(address, password) {
  const r = await expect('POST', '/auth/login', 200, { email: address, password });
  return { id: r.user.id, email: address, roles: r.user.roles, token: r.accessToken };
}

/** An NGO grant call (EEA Grants' NGO Programme in Bulgaria, as in libs/testing/src/seed-calls.ts). */
function ngoCall(closesAt) {
  return {
    referenceCode: `SMOKE-NGO-${run}`.toUpperCase(),
    kind: 'NGO_GRANT',
    funder: 'EEA Grants (Iceland, Liechtenstein, Norway)',
    currency: 'EUR',
    budgetMinor: '35481600',
    opensAt: 'ON_PUBLICATION',
    closesAt,
    timeZone: 'Europe/Sofia',
    defaultLanguage: 'en',
    texts: {
      en: {
        title: 'Civic participation in integration policy',
        summary: 'Call for proposals: a survey, 8 information meetings, a round table.',
        body: 'Up to 10 months. Non-governmental organisations apply on their own or in partnership.',
      },
      bg: { title: 'Гражданско участие в интеграционната политика', summary: 'Покана за проектни предложения.' },
    },
    submissionLanguages: ['bg', 'en'],
    eligibility: { applicantTypes: ['REGISTERED_ORGANISATION'], partnershipsAllowed: true, requestedAmount: { minMinor: '500000', maxMinor: '1774080' }, onePerApplicant: false },
    form: {
      sections: [
        { key: 'summary', required: true, maxWords: 500 },
        { key: 'activities', required: true },
        { key: 'indicators', required: true },
      ],
      attachments: [{ key: 'partnershipAgreement', required: false, maxSizeBytes: 20 * 1024 * 1024, allowedTypes: ['application/pdf'] }],
    },
    rubric: {
      criteria: [
        { id: 'relevance', weightPercent: 35.5, maxScore: 10, step: 0.25 },
        { id: 'quality', weightPercent: 34.5, maxScore: 10, step: 0.25 },
        { id: 'capacity', weightPercent: 30, maxScore: 10, step: 0.25 },
      ],
      passMark: 60,
    },
    evaluation: {
      evaluatorsPerEntry: 2,
      blind: false,
      divergence: { mode: 'ADDITIONAL_EVALUATOR', thresholdPercent: 30 },
      tieBreak: [{ by: 'CRITERION_MEAN', criterionId: 'relevance' }, { by: 'EARLIER_SUBMISSION' }],
    },
    awardRules: { mode: 'POOL', poolMinor: '35481600', maxPerAwardMinor: '1774080', reserveListLength: 5 },
    paymentPolicy: { tranches: [{ percent: 80, trigger: 'ON_AGREEMENT_SIGNED' }, { percent: 20, trigger: 'ON_FINAL_REPORT_APPROVED' }] },
    appealWindowDays: 14,
  };
}

async function main() {
  // 1. The applicant registers and logs in.
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const applicantEmail = email('ngo');
  await expect('POST', '/auth/register', 201, {
    email: applicantEmail,
    password,
    displayName: 'Клуб „Отворено общество“ – Русе',
    preferredLanguage: 'bg',
    applicantType: 'REGISTERED_ORGANISATION',
  });
  const applicant = await login(applicantEmail, password);
  say(`applicant registered and logged in: ${applicant.email}`);

  // 2. The bootstrap admin creates a programme officer, who logs in.
  const admin = await login(ADMIN.email, ADMIN.password);
  const officerPassword = `pw-${randomBytes(8).toString('hex')}`;
  const officerEmail = email('officer');
  await expect('POST', '/auth/staff', 201, { email: officerEmail, password: officerPassword, displayName: 'Programme officer', preferredLanguage: 'en', roles: ['PROGRAMME_OFFICER'] }, admin);
  const officer = await login(officerEmail, officerPassword);
  say(`the admin created a programme officer: ${officer.email}`);

  // 3. The officer creates and publishes a call that opens on publication.
  const closesAt = new Date(Date.now() + 2 * 3600_000).toISOString();
  const draft = await expect('POST', '/calls', 201, ngoCall(closesAt), officer);
  const published = await expect('POST', `/calls/${draft.id}/publish`, 200, undefined, officer);
  const call = await until(`call ${published.referenceCode} to be OPEN`, 'GET', `/calls/${draft.id}`, undefined, officer, (r) => r.status === 200 && r.body?.status === 'OPEN');
  say(`call ${call.referenceCode} published and ${call.status}, closing at ${closesAt}`);

  // 4. The applicant drafts (once applications knows of the call, over Kafka) and submits.
  const application = await until('the applications service to accept a draft for the call', 'POST', `/calls/${draft.id}/applications/drafts`, {
    language: 'en',
    title: 'Civic participation of Roma communities in Ruse region',
    summary: 'A survey, document analysis, 8 information meetings in the 8 municipalities of Ruse region and a round table.',
    objectives: ['Civic participation in local integration policy'],
    results: ['8 information meetings', 'a round table', 'a report with recommendations'],
    activities: [{ title: 'Survey and document analysis' }, { title: '8 information meetings and discussion forums' }, { title: 'Round table' }],
    durationMonths: 10,
    budgetLines: [{ description: 'Project activities', amountMinor: '1774080' }],
    requestedAmountMinor: '1774080',
    sections: { indicators: 'Meetings held, participants, municipalities reached' },
    leadOrganisation: { name: 'Клуб „Отворено общество“ – Русе', email: `office.${run}@ngo.example.bg`, country: 'BG' },
    applicant: { fullName: 'Мария Петрова', email: `office.${run}@ngo.example.bg`, applicantType: 'REGISTERED_ORGANISATION', organisation: 'Клуб „Отворено общество“ – Русе' },
  }, applicant, (r) => r.status === 201);
  const receipt = await expect('POST', `/applications/${application.id}/submit`, 201, undefined, applicant, { 'idempotency-key': `smoke-${application.id}` });
  say(`application submitted, receipt ${receipt.reference}`);

  // 5. The submission reaches evaluation (applications -> Kafka -> evaluation).
  const entries = await until(`application ${receipt.reference} to reach evaluation`, 'GET', `/evaluation/calls/${draft.id}/entries`, undefined, officer, (r) =>
    r.status === 200 && (r.body?.entries ?? []).some((e) => e.applicationId === application.id),
  );
  const entry = entries.entries.find((e) => e.applicationId === application.id);
  say(`evaluation holds the entry ${entry.reference} (submitted at ${entry.submittedAt})`);
}

main().then(
  () => say('scenario passed'),
  (err) => {
    console.error(`[smoke:scenario] FAILED: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);
