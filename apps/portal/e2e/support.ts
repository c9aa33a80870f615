import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as Testing from './platform-types';

export const REPO = resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const testing = require(resolve(REPO, 'dist/libs/testing/src')) as typeof Testing;

export const baseUrl = () => process.env.PORTAL_E2E_BASE_URL ?? 'http://127.0.0.1:5100';
export const client = () => new testing.PlatformClient(`${baseUrl()}/api`);
export const ARTIFACTS = resolve(REPO, '.cache/portal-artifacts');

let officer: Promise<Testing.Actor> | null = null;
const officerOf = () => (officer ??= client().admin().then((admin) => client().staff(admin, ['PROGRAMME_OFFICER'])));

export interface PublishedCall {
  id: string;
  referenceCode: string;
  closesAt: Date;
  title: string;
}

/**
 * An essay contest published by a programme officer through the API, and known to the
 * applications service (it learns calls over Kafka): a probe applicant can start a draft.
 */
export async function publishEssayContest(closesInMs: number, label: string): Promise<PublishedCall> {
  const c = client();
  const o = await officerOf();
  const closesAt = new Date(Date.now() + closesInMs);
  const referenceCode = `FMZ-${label}-${Date.now().toString(36).toUpperCase()}`;
  const draft = await c.expect('POST', '/calls', 201, testing.essayContest('ON_PUBLICATION', closesAt.toISOString(), { referenceCode }), o.auth);
  await c.expect('POST', `/calls/${draft.id}/publish`, 200, undefined, o.auth);
  const probe = await c.applicant('Probe', { language: 'mk' });
  await expect
    .poll(async () => (await c.call('POST', `/calls/${draft.id}/applications/drafts`, {}, probe.auth)).status, { timeout: 60_000, message: 'applications knows the call' })
    .toBe(201);
  return { id: draft.id, referenceCode, closesAt, title: testing.essayContest('x', 'y').texts.mk.title };
}

/** No serious or critical accessibility violation (axe-core, WCAG 2.1 A and AA rules). */
export async function expectAccessible(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad, `axe on ${what}`).toEqual([]);
}

/** Full-page screenshots at a phone's and a desktop's width, for people to look at. */
export async function screenshots(page: Page, name: string, lang: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const original = page.viewportSize();
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: resolve(ARTIFACTS, `${name}-${lang}-${width}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/** The reset link of the newest reset e-mail to `email`, as the file transport wrote it. */
export function resetLinkFor(email: string): string | null {
  const dir = process.env.PORTAL_E2E_MAIL_DIR!;
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
  } catch {
    return null;
  }
  for (const f of files) {
    const raw = readFileSync(resolve(dir, f), 'utf8');
    if (!raw.includes(`To: ${email}`)) continue;
    // The text parts as nodemailer encodes them: base64 blocks, or quoted-printable.
    const base64 = (raw.match(/(?:^[A-Za-z0-9+/=]{16,}\r?\n)+/gm) ?? []).map((b) => Buffer.from(b.replace(/\s+/g, ''), 'base64').toString('utf8'));
    const text = [raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='), ...base64].join('\n');
    const m = /https?:\/\/[^\s"<>]+\/reset-password\?token=([A-Za-z0-9_%-]+)/.exec(text);
    if (m) return m[0];
  }
  return null;
}

/** An essay of about `words` words, in Macedonian. */
export function essay(words: number): string {
  const sentence = 'Мојот сосед секое утро ги полева цвеќињата пред зградата и ги поздравува децата што одат на училиште.';
  const perSentence = sentence.split(' ').length;
  return Array.from({ length: Math.ceil(words / perSentence) }, () => sentence).join(' ');
}

/** Drops a file on an element as a person dragging it from their desktop would. */
export async function dropFile(page: Page, selector: string, file: { name: string; type: string; bytes: Buffer }) {
  const data = await page.evaluateHandle(
    ({ name, type, b64 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type }));
      return dt;
    },
    { name: file.name, type: file.type, b64: file.bytes.toString('base64') },
  );
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: data });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: data });
}

export const SKOPJE = 'Europe/Skopje';
/** The date part and the time as the call's zone shows them, for checking the portal's text. */
export function inSkopje(d: Date, locale: string) {
  return {
    date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: SKOPJE }).format(d).replace(/[\u00a0\u202f]/g, ' '),
    time: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: SKOPJE }).format(d),
  };
}

/** An applicant registered through the API, with the password to log in through the page. */
export async function registeredApplicant(name: string) {
  const c = client();
  const email = testing.uniqueEmail('applicant');
  const password = `Лозинка-${Math.random().toString(36).slice(2)}`;
  await c.expect('POST', '/auth/register', 201, { email, password, displayName: name, preferredLanguage: 'mk', applicantType: 'STUDENT' });
  const actor = await c.login(email, password);
  return { ...actor, password, name };
}

/** A complete essay draft, consent included, written through the API. */
export async function completeDraft(callId: string, who: { auth: Record<string, string>; email: string; name: string }) {
  const c = client();
  const draft = await c.expect('POST', `/calls/${callId}/applications/drafts`, 201, {
    language: 'mk',
    title: 'Прв наслов',
    text: essay(320),
    applicant: { fullName: who.name, email: who.email, school: 'Гимназија „Јосип Броз Тито“', dateOfBirth: testing.birthDateForAge(17), applicantType: 'STUDENT' },
  }, who.auth);
  await c.expect('PUT', `/applications/${draft.id}/guardian-consent`, 200, { guardianName: 'Марко Марковски', relation: 'татко' }, who.auth);
  return draft.id as string;
}

/** Logs in through the login page. */
export async function logIn(page: Page, who: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Е-пошта').fill(who.email);
  await page.getByLabel('Лозинка').fill(who.password);
  await page.getByRole('button', { name: 'Најави се' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Мои пријави');
}
