import { expect, test } from '@playwright/test';
import { client, completeDraft, expectAccessible, logIn, publishEssayContest, registeredApplicant, resetLinkFor, type PublishedCall } from './support';

let call: PublishedCall;
test.beforeAll(async () => {
  call = await publishEssayContest(7 * 86_400_000, 'ROBUST');
});

test('a double-clicked submit gives one application and one receipt', async ({ browser }) => {
  const who = await registeredApplicant('Елена Стојановска');
  const id = await completeDraft(call.id, who);
  const context = await browser.newContext({ locale: 'mk-MK' });
  const page = await context.newPage();
  const keys: string[] = [];
  page.on('request', (r) => r.url().endsWith('/submit') && keys.push(r.headers()['idempotency-key'] ?? ''));
  await logIn(page, who);
  await page.goto(`/applications/${id}/edit`);
  await expect(page.getByTestId('no-problems')).toBeVisible();
  await page.getByTestId('submit').dblclick();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Пријавата е примена');
  const receipts = await client().expect('GET', `/applications/${id}/receipts`, 200, undefined, who.auth);
  expect(receipts.receipts).toHaveLength(1);
  const mine = await client().expect('GET', '/applications', 200, undefined, who.auth);
  expect(mine.applications.map((a: { status: string }) => a.status)).toEqual(['SUBMITTED']);
  expect(new Set(keys).size).toBe(1);
  await context.close();
});

test('a submit whose answer is lost is sent again with the same key: still one receipt', async ({ browser }) => {
  const who = await registeredApplicant('Берат Хоџа');
  const id = await completeDraft(call.id, who);
  const context = await browser.newContext({ locale: 'mk-MK' });
  const page = await context.newPage();
  const keys: string[] = [];
  let lose = true;
  await page.route('**/api/applications/*/submit', async (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    if (!lose) return route.continue();
    lose = false;
    await route.fetch(); // the platform takes it…
    await route.abort('connectionreset'); // …but the answer never arrives
  });
  await logIn(page, who);
  await page.goto(`/applications/${id}/edit`);
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('error-summary')).toContainText('Платформата не е достапна');
  await page.getByTestId('submit').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Пријавата е примена');
  expect(keys).toHaveLength(2);
  expect(keys[0]).toBe(keys[1]);
  const receipts = await client().expect('GET', `/applications/${id}/receipts`, 200, undefined, who.auth);
  expect(receipts.receipts).toHaveLength(1);
  await context.close();
});

test('a change saved in another tab is reported, never overwritten, and the person chooses', async ({ browser }) => {
  const who = await registeredApplicant('Фатима Бериша');
  const id = await completeDraft(call.id, who);
  const context = await browser.newContext({ locale: 'mk-MK' });
  const first = await context.newPage();
  await logIn(first, who);
  await first.goto(`/applications/${id}/edit`);
  const second = await context.newPage();
  await second.goto(`/applications/${id}/edit`);
  await expect(second.getByLabel('Наслов', { exact: true })).toHaveValue('Прв наслов');

  await second.getByLabel('Наслов', { exact: true }).fill('Наслов од втората картичка');
  await expect(second.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');

  await first.getByLabel('Наслов', { exact: true }).fill('Наслов од првата картичка');
  await expect(first.getByTestId('conflict')).toContainText('Оваа пријава е променета на друго место');
  await expect(first.getByTestId('save-status')).toHaveAttribute('data-state', 'conflict');
  await expectAccessible(first, 'draft with a conflict');
  const stored = await client().expect('GET', `/applications/${id}/draft`, 200, undefined, who.auth);
  expect(stored.content.title).toBe('Наслов од втората картичка');

  await first.getByTestId('keep-mine').click();
  await expect(first.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  const kept = await client().expect('GET', `/applications/${id}/draft`, 200, undefined, who.auth);
  expect(kept.content.title).toBe('Наслов од првата картичка');

  // The second tab is now behind: its next edit is reported too, and it can take the other version.
  await second.getByLabel('Есеј', { exact: true }).press('End');
  await second.getByLabel('Есеј', { exact: true }).pressSequentially(' Крај.');
  await expect(second.getByTestId('conflict')).toBeVisible();
  await second.getByTestId('take-theirs').click();
  await expect(second.getByLabel('Наслов', { exact: true })).toHaveValue('Наслов од првата картичка');
  await expect(second.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await context.close();
});

test('the reset link in the e-mail opens the reset page and the new password works', async ({ browser }) => {
  const who = await registeredApplicant('Марија Јовановска');
  const context = await browser.newContext({ locale: 'mk-MK' });
  const page = await context.newPage();
  await page.goto('/login');
  await expectAccessible(page, 'login');
  await page.getByRole('link', { name: 'Ја заборавивте лозинката?' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Обновете ја лозинката');
  await expectAccessible(page, 'forgotten password');
  await page.getByLabel('Е-пошта').fill(who.email);
  await page.getByRole('button', { name: 'Испрати ја врската' }).click();
  await expect(page.getByTestId('reset-sent')).toContainText(who.email);

  let link: string | null = null;
  await expect.poll(() => (link = resetLinkFor(who.email)), { timeout: 60_000, message: 'the reset e-mail in MAIL_DIR' }).not.toBeNull();
  expect(link!).toContain('/reset-password?token=');
  await page.goto(link!);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Изберете нова лозинка');
  await expectAccessible(page, 'reset password');
  const fresh = 'Нова-лозинка-2026';
  await page.getByLabel('Нова лозинка', { exact: true }).fill(fresh);
  await page.getByLabel('Повторете ја новата лозинка').fill('нешто друго');
  await page.getByRole('button', { name: 'Зачувај ја новата лозинка' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('Двете лозинки не се исти');
  await page.getByLabel('Повторете ја новата лозинка').fill(fresh);
  await page.getByRole('button', { name: 'Зачувај ја новата лозинка' }).click();
  await expect(page.getByText('Лозинката е променета. Најавете се со новата.')).toBeVisible();

  await logIn(page, { email: who.email, password: fresh });
  expect((await client().call('POST', '/auth/login', { email: who.email, password: who.password })).status).toBe(401);
  await context.close();
});

test('an edit made offline is kept in the tab and saved when the network comes back', async ({ browser }) => {
  const who = await registeredApplicant('Сара Илиевска');
  const id = await completeDraft(call.id, who);
  const context = await browser.newContext({ locale: 'mk-MK' });
  const page = await context.newPage();
  await logIn(page, who);
  await page.goto(`/applications/${id}/edit`);
  await expect(page.getByLabel('Наслов', { exact: true })).toHaveValue('Прв наслов');
  await context.setOffline(true);
  await page.getByLabel('Наслов', { exact: true }).fill('Напишано без интернет');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'offline');
  await expect(page.getByTestId('save-status')).toContainText('Немате врска со интернет');
  // In the tab (content, not tokens), ready to be sent again.
  const kept = await page.evaluate((key) => sessionStorage.getItem(key), `portal.draft.${id}`);
  expect(JSON.parse(kept!)).toMatchObject({ unsaved: true, values: { title: 'Напишано без интернет' } });
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => !k.startsWith('portal.locale')))).toEqual([]);
  const before = await client().expect('GET', `/applications/${id}/draft`, 200, undefined, who.auth);
  expect(before.content.title).toBe('Прв наслов');

  await context.setOffline(false);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved', { timeout: 20_000 });
  const after = await client().expect('GET', `/applications/${id}/draft`, 200, undefined, who.auth);
  expect(after.content.title).toBe('Напишано без интернет');
  await context.close();
});

test('a token that expires while she types loses nothing: the save is refused, the session refreshed, the save sent again', async ({ browser }) => {
  const who = await registeredApplicant('Ивана Петковска');
  const id = await completeDraft(call.id, who);
  const context = await browser.newContext({ locale: 'mk-MK' });
  const page = await context.newPage();
  await logIn(page, who);
  await page.goto(`/applications/${id}/edit`);
  await expect(page.getByLabel('Наслов', { exact: true })).toHaveValue('Прв наслов');

  // The next save carries a token the services no longer accept (as one past its `exp`): the
  // service's own 401 comes back, not one made up here.
  const seen: string[] = [];
  let expire = true;
  page.on('request', (r) => {
    if (r.url().includes('/api/auth/refresh')) seen.push('refresh');
  });
  await page.route(`**/api/applications/${id}/draft**`, async (route) => {
    const req = route.request();
    if (!expire || req.method() === 'GET') return route.continue();
    expire = false;
    seen.push('save with an expired token');
    const [head, body] = (req.headers()['authorization'] ?? '').replace(/^Bearer /, '').split('.');
    const stale = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), exp: 1 })).toString('base64url');
    const refused = await route.fetch({ headers: { ...req.headers(), authorization: `Bearer ${head}.${stale}.x` } });
    expect(refused.status()).toBe(401);
    await route.fulfill({ response: refused });
  });

  await page.getByLabel('Наслов', { exact: true }).fill('Напишано додека токенот истекуваше');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved', { timeout: 20_000 });
  expect(seen.slice(0, 2)).toEqual(['save with an expired token', 'refresh']);
  await expect(page).toHaveURL(new RegExp(`/applications/${id}/edit$`)); // not sent to the login page
  const stored = await client().expect('GET', `/applications/${id}/draft`, 200, undefined, who.auth);
  expect(stored.content.title).toBe('Напишано додека токенот истекуваше');
  await context.close();
});
