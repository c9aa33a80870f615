import { expect, test, type Page } from '@playwright/test';
import { client, dropFile, essay, expectAccessible, inSkopje, publishEssayContest, screenshots, testing, type PublishedCall } from './support';

const norm = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

/** The essay form, filled as a 16-year-old would, with her guardian's consent recorded. */
async function fillEssay(page: Page, who: { name: string; email: string }) {
  await page.getByLabel('Име и презиме', { exact: true }).fill(who.name);
  await page.getByLabel('Е-пошта за оваа пријава').fill(who.email);
  await page.getByLabel('Училиште').fill('СУГС „Орце Николов“');
  await page.getByLabel('Датум на раѓање').fill(testing.birthDateForAge(16));
  // Under 18: the form asks for a guardian's consent before anything can be submitted.
  const guardian = page.getByTestId('guardian-section');
  await expect(guardian).toBeVisible();
  await expect(guardian).toContainText('Помлади сте од 18 години');
  await page.getByLabel('Име и презиме на родителот или старателот').fill('Весна Петровска');
  await page.getByLabel('Сродство со вас').fill('мајка');
  await page.getByTestId('record-consent').click();
  await expect(page.getByTestId('guardian-recorded')).toContainText('Весна Петровска (мајка)');
  await page.getByLabel('Јазик на есејот').selectOption('mk');
  await page.getByLabel('Наслов', { exact: true }).fill('Чичко Томе од четвртиот кат');
  await page.getByLabel('Есеј', { exact: true }).fill(essay(320));
  await expect(page.getByTestId('word-count')).toContainText(/3\d\d зборови/);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved', { timeout: 20_000 });
}

test.describe('a 16-year-old applies to the essay contest in Macedonian', () => {
  let open: PublishedCall;
  let closing: PublishedCall;

  test.beforeAll(async () => {
    open = await publishEssayContest(7 * 86_400_000, 'OPEN');
    // Closes while she works on the other call: her late submit must be refused.
    closing = await publishEssayContest(150_000, 'SOON');
  });

  test('registers, gets consent, writes, attaches, submits, sees her receipt; a late submit is refused', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'mk-MK', timezoneId: 'Europe/London', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const email = testing.uniqueEmail('ana');
    const password = 'Лозинка-за-есеј-2026';

    // The catalogue speaks the browser's language, and finds calls in Cyrillic.
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'mk');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Отворени повици');
    await page.getByLabel('Пребарај повици').fill('сограѓанин');
    await page.getByRole('button', { name: 'Пребарај' }).click();
    await expect(page.getByTestId('catalogue-item').first()).toContainText('Мојот сограѓанин од соседната улица');
    await expect(page.getByTestId('catalogue-item').first()).toContainText('60.000,00 ден.');
    await expectAccessible(page, 'catalogue');
    await screenshots(page, 'catalogue', 'mk');

    // Register, in Macedonian.
    await page.getByRole('link', { name: 'Создај профил' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await page.getByRole('button', { name: 'Создај профил' }).click();
    await expect(page.getByTestId('error-summary')).toContainText('Внесете: Вашето име');
    await expectAccessible(page, 'register with errors');
    await page.getByLabel('Вашето име').fill('Ана Петровска');
    await page.getByLabel('Е-пошта').fill(email);
    await page.getByLabel('Лозинка').fill(password);
    await page.getByRole('button', { name: 'Создај профил' }).click();
    await expect(page.getByRole('link', { name: 'Мои пријави' })).toBeVisible();

    // First the call that closes soon: her draft there waits for the end.
    await page.goto(`/calls/${closing.id}`);
    await page.getByTestId('apply').click();
    await expect(page).toHaveURL(/\/applications\/[0-9a-f-]+\/edit$/);
    const lateDraft = page.url();
    await fillEssay(page, { name: 'Ана Петровска', email });

    // The open call: its page, then the form.
    await page.goto(`/calls/${open.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Мојот сограѓанин од соседната улица');
    await expect(page.getByTestId('deadline-call-zone')).toContainText('Europe/Skopje');
    await expect(page.getByTestId('deadline-visitor-zone')).toContainText('Europe/London');
    await expect(page.getByTestId('countdown')).toContainText('Преостануваат');
    await expectAccessible(page, 'call page');
    await page.getByTestId('apply').click();
    await expect(page).toHaveURL(/\/applications\/[0-9a-f-]+\/edit$/);
    const applicationId = /applications\/([0-9a-f-]+)\/edit/.exec(page.url())![1]!;
    await fillEssay(page, { name: 'Ана Петровска', email });

    // Files: a type the call does not allow is refused before any upload; a PDF dropped goes up.
    const uploads: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.url().includes('/attachments') && uploads.push(r.url()));
    await dropFile(page, '[data-testid="dropzone-guardianConsent"]', { name: 'белешки.txt', type: 'text/plain', bytes: Buffer.from('не е PDF') });
    await expect(page.locator('.attachment .field__error')).toContainText('белешки.txt не е датотека од дозволен вид');
    expect(uploads).toEqual([]);
    await dropFile(page, '[data-testid="dropzone-guardianConsent"]', { name: 'согласност.pdf', type: 'application/pdf', bytes: testing.pdf('Согласност') });
    await expect(page.getByTestId('attachment-guardianConsent')).toContainText('согласност.pdf');
    expect(uploads).toHaveLength(1);

    await expect(page.getByTestId('no-problems')).toBeVisible();
    await expectAccessible(page, 'draft form');
    await screenshots(page, 'draft', 'mk');

    // Submit before the close: the receipt, in the call's time zone, verifiable.
    await page.getByTestId('submit').click();
    await expect(page).toHaveURL(new RegExp(`/applications/${applicationId}/receipt$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Пријавата е примена');
    const reference = (await page.getByTestId('receipt-reference').textContent())!.trim();
    expect(reference).not.toBe('');
    await expect(page.getByTestId('receipt-sha256')).toHaveText(/^[0-9a-f]{64}$/);
    await expect(page.getByTestId('receipt-time')).toContainText('(Europe/Skopje)');
    const receiptTime = norm(await page.getByTestId('receipt-time').textContent());
    const now = inSkopje(new Date(), 'mk');
    expect(receiptTime).toContain(now.date);
    await expectAccessible(page, 'receipt');
    await screenshots(page, 'receipt', 'mk');
    await page.getByTestId('verify-link').click();
    await expect(page.getByTestId('verify-result')).toHaveText('Оваа потврда се совпаѓа со тоа што го чува платформата.');

    // The timeline.
    await page.getByRole('link', { name: 'Следете ја пријавата' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Пријава ${reference}`);
    await expect(page.getByTestId('current-status')).toHaveText('Испратена');
    await expect(page.getByTestId('timeline')).toContainText('Испратена');
    await expectAccessible(page, 'timeline');
    await screenshots(page, 'timeline', 'mk');

    await page.getByRole('link', { name: 'Мои пријави' }).first().click();
    await expect(page.getByTestId('my-application')).toHaveCount(2);
    await expectAccessible(page, 'my applications');

    // The other call closes; her submit is refused with the deadline in Skopje's time.
    await page.goto(lateDraft);
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
    const wait = closing.closesAt.getTime() - Date.now() + 1_500;
    if (wait > 0) await page.waitForTimeout(wait);
    await page.getByTestId('submit').click();
    const summary = page.getByTestId('error-summary');
    await expect(summary).toContainText('Рокот помина');
    const deadline = inSkopje(closing.closesAt, 'mk');
    expect(norm(await summary.textContent())).toContain(deadline.date);
    await expect(summary).toContainText(`${deadline.time} (Europe/Skopje)`);
    await expect(summary).toBeFocused();
    await expectAccessible(page, 'draft with the deadline passed');

    // The same pages in English, chosen with the switcher.
    await page.getByLabel('Јазик', { exact: true }).selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    // The account follows (its e-mails will come in English).
    const ana = await client().login(email, password);
    await expect.poll(async () => (await client().expect('GET', '/auth/me', 200, undefined, ana.auth)).preferredLanguage).toBe('en');
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Open calls');
    await screenshots(page, 'catalogue', 'en');
    await page.goto(`/applications/${applicationId}/edit`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your application');
    await screenshots(page, 'draft', 'en');
    await page.goto(`/applications/${applicationId}/receipt`);
    await expect(page.getByTestId('receipt-reference')).toHaveText(reference);
    await screenshots(page, 'receipt', 'en');
    await page.goto(`/applications/${applicationId}`);
    await expect(page.getByTestId('current-status')).toHaveText('Submitted');
    await screenshots(page, 'timeline', 'en');
    await context.close();
  });
});
