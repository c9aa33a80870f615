import { expect, type Page } from '@playwright/test';
import { client, testing } from './support';

/**
 * Helpers for the MAKERS and grantee browser tests: calls of the other two kinds published through
 * the API, organisations' accounts, and the steps before a grant (close, screen, score, results).
 */
let officer: Promise<{ auth: Record<string, string> }> | null = null;
export const officerActor = () => (officer ??= client().admin().then((admin) => client().staff(admin, ['PROGRAMME_OFFICER'], 'Programme officer')));

const seed = testing as unknown as { makersCofunding: (o: string, c: string, x?: object) => Record<string, any>; eeaNgoGrant: (o: string, c: string, x?: object) => Record<string, any> };

export async function publish(kind: 'makers' | 'eea', closesAt: Date, overrides: Record<string, unknown> = {}) {
  const c = client();
  const o = await officerActor();
  const referenceCode = `${kind === 'makers' ? 'MAKERS-PW' : 'EEA-PW'}-${Date.now().toString(36).toUpperCase()}`;
  const body = (kind === 'makers' ? seed.makersCofunding : seed.eeaNgoGrant)('ON_PUBLICATION', closesAt.toISOString(), { referenceCode, ...overrides });
  const draft = await c.expect('POST', '/calls', 201, body, o.auth);
  await c.expect('POST', `/calls/${draft.id}/publish`, 200, undefined, o.auth);
  return { id: draft.id as string, referenceCode, body };
}

/** An organisation's account, registered through the API, with its password for the login page. */
export async function organisation(name: string, language: string, type: string) {
  const c = client();
  const email = testing.uniqueEmail('org');
  const password = `Lozinka-${Math.random().toString(36).slice(2)}`;
  await c.expect('POST', '/auth/register', 201, { email, password, displayName: name, preferredLanguage: language, applicantType: type });
  const actor = await c.login(email, password);
  return { ...actor, password, name };
}

/** Waits until the applications service knows a call (it learns calls over Kafka). */
export async function untilApplicationsKnow(callId: string, who: { auth: Record<string, string> }, content: object = {}): Promise<string> {
  let id = '';
  await expect
    .poll(
      async () => {
        const r = await client().call('POST', `/calls/${callId}/applications/drafts`, content, who.auth);
        if (r.status === 201) id = r.body.id;
        return r.status;
      },
      { timeout: 60_000, message: 'applications knows the call' },
    )
    .toBe(201);
  return id;
}

export async function logInAs(page: Page, who: { email: string; password: string }, labels: { email: string; password: string; submit: string; landing: string }) {
  await page.goto('/login');
  await page.getByLabel(labels.email, { exact: true }).fill(who.email);
  await page.getByLabel(labels.password, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(labels.landing);
}

/** Resolves once the request matching `test` has been sent, or reports that none was. */
export function watchRequests(page: Page, test: (method: string, url: string) => boolean) {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (test(r.method(), r.url())) seen.push(`${r.method()} ${r.url()}`);
  });
  return seen;
}

export const norm = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');
