import { expect, test } from '@playwright/test';
import { logInAs, norm, organisation, publish, untilApplicationsKnow, watchRequests } from './kinds-support';
import { client, expectAccessible, screenshots, testing } from './support';
import type { Actor } from './platform-types';

const BG_LOGIN = { email: 'Имейл адрес', password: 'Парола', submit: 'Вход', landing: 'Моите кандидатури' };
const VALID_IBAN = 'BG80 BNBG 9661 1020 3456 78';

type Org = Awaited<ReturnType<typeof organisation>>;

/** A complete NGO proposal, as the EEA call asks for it, for 17 740,80 EUR. */
const proposal = (who: Org, title: string) => ({
  language: 'bg',
  title,
  summary: 'Проучване, анализ на документи, 8 информационни срещи в 8-те общини на област Русе, кръгла маса.',
  objectives: ['Гражданско участие в местните политики за интеграция'],
  results: ['8 информационни срещи', 'кръгла маса'],
  activities: [{ title: 'Проучване и анализ на документи' }, { title: 'Кръгла маса' }],
  durationMonths: 10,
  budgetLines: [{ description: 'Дейности по проекта', amountMinor: '1774080' }],
  requestedAmountMinor: '1774080',
  sections: { indicators: 'Брой срещи, участници, обхванати общини' },
  leadOrganisation: { name: who.name, country: 'BG' },
  applicant: { fullName: 'Мария Иванова', email: who.email, applicantType: 'REGISTERED_ORGANISATION', organisation: who.name },
});

test.describe.serial('an EEA grantee in Bulgaria: bank details, the final report; a clarification and an appeal', () => {
  let grantee: Org;
  let refused: Org;
  let asked: Org;
  let officer: Actor;
  let grant: { id: string; applicationId: string };
  let refusedApp: string;
  let askedApp: string;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    const c = client();
    const admin = await c.admin();
    officer = await c.staff(admin, ['PROGRAMME_OFFICER'], 'Programme officer');
    // The call scores each entry twice: two evaluators on its panel (an e-mail domain of their own,
    // or the conflict-of-interest rule keeps them from the applicants' entries).
    const evaluators: Actor[] = [];
    for (const [name, org] of [['Ingrid Solberg', 'Norsk Folkehjelp'], ['Петя Колева', 'Русенски университет']]) {
      const e = await c.staff(admin, ['EVALUATOR'], name);
      await c.expect('PUT', '/evaluation/evaluators/me', 200, { displayName: name, organisation: org, languages: ['bg', 'en'], email: `juror-${evaluators.length + 1}-${Date.now()}@evaluators.example.net`, maxLoadPerCall: 10 }, e.auth);
      evaluators.push(e);
    }
    // Both calls close in a minute: the grant's (screened, scored, awarded) and the question's.
    const closesAt = new Date(Date.now() + 75_000);
    const grantCall = await publish('eea', closesAt);
    const questionCall = await publish('eea', closesAt);
    grantee = await organisation('Клуб „Отворено общество“ – Русе', 'bg', 'REGISTERED_ORGANISATION');
    refused = await organisation('Сдружение „Дунавски мост“', 'bg', 'REGISTERED_ORGANISATION');
    asked = await organisation('Фондация „Граждански глас“', 'bg', 'REGISTERED_ORGANISATION');
    const submit = async (who: Org, callId: string, title: string) => {
      const id = await untilApplicationsKnow(callId, who, proposal(who, title));
      await c.expect('POST', `/applications/${id}/submit`, 201, undefined, { ...who.auth, 'idempotency-key': `pw-${id}` });
      return id;
    };
    const granteeApp = await submit(grantee, grantCall.id, 'Гражданско участие в интеграционната политика');
    refusedApp = await submit(refused, grantCall.id, 'Мостове между общностите');
    askedApp = await submit(asked, questionCall.id, 'Глас на младите в Русе');
    for (const e of evaluators) {
      await expect
        .poll(async () => (await c.call('POST', `/evaluation/calls/${grantCall.id}/panel`, { evaluatorId: e.id, maxLoad: 10 }, officer.auth)).status, { timeout: 60_000 })
        .toBe(201);
      await c.expect('POST', `/evaluation/invitations/${grantCall.id}/accept`, 200, {}, e.auth);
    }

    for (const id of [grantCall.id, questionCall.id]) {
      await expect.poll(async () => (await c.call('GET', `/calls/${id}`, undefined, officer.auth)).body?.status, { timeout: 120_000, intervals: [2000] }).toBe('CLOSED');
    }
    const decide = async (id: string, decision: object) =>
      expect.poll(async () => (await c.call('POST', `/applications/${id}/eligibility`, decision, officer.auth)).status, { timeout: 60_000 }).toBe(200);
    await decide(granteeApp, { decision: 'ELIGIBLE' });
    await decide(refusedApp, { decision: 'INELIGIBLE', reason: 'Липсва решение на управителния съвет за кандидатстване.' });
    await decide(askedApp, { decision: 'CLARIFICATION', question: 'Моля, посочете партньорите си в община Бяла.', respondBy: new Date(Date.now() + 7 * 86_400_000).toISOString() });

    await expect.poll(async () => (await c.call('POST', `/evaluation/calls/${grantCall.id}/assignments`, {}, officer.auth)).status, { timeout: 120_000, intervals: [2000] }).toBe(200);
    // Each evaluator scores what they hold, until the entry has its final score (as the demo does).
    await expect
      .poll(
        async () => {
          for (const e of evaluators) {
            const { reviews } = await c.expect('GET', `/evaluation/reviews?callId=${grantCall.id}`, 200, undefined, e.auth);
            for (const r of reviews as { applicationId: string; sheetStatus: string }[]) {
              if (r.sheetStatus === 'SUBMITTED') continue;
              const scores = { relevance: 8.5, quality: 8, capacity: 7.75 };
              const comments = { relevance: 'Ясна връзка с програмата.', quality: 'Добре обоснован план.', capacity: 'Опитен екип.' };
              await c.expect('POST', `/evaluation/reviews/${r.applicationId}/score-sheet/submit`, 200, { scores, comments }, e.auth);
            }
          }
          return (await c.expect('GET', `/evaluation/calls/${grantCall.id}/progress`, 200, undefined, officer.auth)).summary.final;
        },
        { timeout: 90_000, intervals: [1000] },
      )
      .toBe(1);
    let last: unknown;
    await expect
      .poll(
        async () => {
          const r = await c.call('POST', `/evaluation/calls/${grantCall.id}/proposal`, {}, officer.auth);
          last = r.body;
          return r.status;
        },
        { timeout: 60_000 },
      )
      .toBe(200)
      .catch((err: Error) => {
        throw new Error(`the proposal: ${JSON.stringify(last)} (${err.message})`);
      });
    await c.expect('POST', `/evaluation/calls/${grantCall.id}/results/publish`, 200, {}, officer.auth);
    await expect.poll(async () => (await c.call('GET', '/disbursement/my-grants', undefined, grantee.auth)).body?.grants?.length ?? 0, { timeout: 120_000, intervals: [1000] }).toBe(1);
    grant = (await c.expect('GET', '/disbursement/my-grants', 200, undefined, grantee.auth)).grants[0];
  });

  test('the grantee enters bank details: a wrong IBAN is refused at the field before sending, a right one is saved', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'bg-BG', timezoneId: 'Europe/Sofia', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await logInAs(page, grantee, BG_LOGIN);
    await page.goto('/grants');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Моите грантове');
    expect(norm(await page.getByTestId('my-grants').textContent())).toContain('17 740,80 €');
    await expectAccessible(page, 'my grants');
    await screenshots(page, 'my-grants', 'bg');
    await page.getByRole('link', { name: 'Банкови данни' }).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Банкови данни');

    // The grant in its currency, as Bulgarian writes euro: 80 % now, 20 % after the final report.
    expect(norm(await page.getByTestId('grant-amount').textContent())).toBe('17 740,80 €');
    const tranches = norm(await page.getByTestId('tranches').textContent());
    expect(tranches).toContain('14 192,64 €');
    expect(tranches).toContain('3548,16 €'); // Bulgarian groups thousands from five digits on
    expect(tranches).toContain('При одобряване на окончателния отчет');

    const puts = watchRequests(page, (m, u) => m === 'PUT' && u.includes('/bank-details'));
    const iban = page.getByLabel('IBAN', { exact: true });
    await iban.fill('BG81 BNBG 9661 1020 3456 78');
    // Told while typing, before anything is sent.
    await expect(page.locator('#f-iban-error')).toHaveText('Контролните цифри на IBAN не съвпадат: проверете за грешка при въвеждането');
    await expect(iban).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('Титуляр на сметката').fill('Клуб „Отворено общество“ – Русе');
    await page.getByTestId('save-bank').click();
    await expect(page.getByTestId('error-summary')).toContainText('Контролните цифри на IBAN не съвпадат');
    await expect(page.getByTestId('error-summary')).toBeFocused();
    await expectAccessible(page, 'bank details with a wrong IBAN');
    await screenshots(page, 'bank-details-error', 'bg');
    expect(puts).toEqual([]);
    const before = await client().expect('GET', `/disbursement/grants/${grant.id}/bank-details`, 200, undefined, grantee.auth);
    expect(before.current).toBeNull();

    await iban.fill(VALID_IBAN.toLowerCase());
    await expect(page.getByTestId('iban-ok')).toContainText(`Валиден IBAN (България): ${VALID_IBAN}`);
    await expect(page.locator('#f-iban-error')).toHaveCount(0);
    await page.getByTestId('save-bank').click();
    await expect(page.getByTestId('bank-saved')).toBeVisible();
    await expect(page.getByTestId('bank-current')).toContainText(VALID_IBAN);
    expect(puts).toHaveLength(1);
    const after = await client().expect('GET', `/disbursement/grants/${grant.id}/bank-details`, 200, undefined, grantee.auth);
    expect(after.current).toMatchObject({ iban: 'BG80BNBG96611020345678', accountHolder: 'Клуб „Отворено общество“ – Русе', countryCode: 'BG', sepa: true });
    await expectAccessible(page, 'bank details saved');
    await screenshots(page, 'bank-details', 'bg');

    await page.getByLabel('Език', { exact: true }).selectOption('en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bank details');
    expect(norm(await page.getByTestId('grant-amount').textContent())).toBe('€17,740.80');
    await screenshots(page, 'bank-details', 'en');
    await context.close();
  });

  test('after the agreement is signed, the grantee files the final report with its attachment and sees it approved', async ({ browser }) => {
    const c = client();
    await c.expect('POST', `/disbursement/grants/${grant.id}/agreement/sign`, 200, { signedOn: new Date().toISOString().slice(0, 10) }, officer.auth);
    const context = await browser.newContext({ locale: 'bg-BG', timezoneId: 'Europe/Sofia', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await logInAs(page, grantee, BG_LOGIN);
    await page.goto(`/grants/${grant.id}/reports`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Отчети');
    await expect(page.getByText('Все още няма подадени отчети.')).toBeVisible();

    // Nothing typed: every missing answer is named, at the top and at its field.
    await page.getByTestId('send-report').click();
    await expect(page.getByTestId('error-summary')).toContainText('Въведете: Какво беше направено');
    await page.getByLabel('Какво беше направено').fill('Проведени 8 информационни срещи в 8-те общини на област Русе и кръгла маса.');
    await page.getByLabel('Проведени събития').fill('9');
    await page.getByLabel('Участници').fill('240');
    await page.getByLabel('Обхванати общини').fill('8');
    await page.getByTestId('report-file').setInputFiles({ name: 'финансов-отчет.pdf', mimeType: 'application/pdf', buffer: testing.pdf('Финансов отчет') });
    await page.getByTestId('send-report').click();
    await expect(page.getByTestId('report-sent')).toBeVisible();
    const item = page.getByTestId('report');
    await expect(item).toHaveCount(1);
    await expect(item.getByTestId('report-status')).toHaveText('Чака решение');
    await expect(item).toContainText('финансов-отчет.pdf');
    await expectAccessible(page, 'reports with one filed');
    await screenshots(page, 'grant-reports', 'bg');

    const { reports } = await c.expect('GET', `/disbursement/grants/${grant.id}/reports`, 200, undefined, grantee.auth);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ kind: 'FINAL', status: 'SUBMITTED', indicators: { eventsHeld: 9, participants: 240, municipalitiesReached: 8 } });
    expect(reports[0].attachments[0]).toMatchObject({ fileName: 'финансов-отчет.pdf', contentType: 'application/pdf' });
    await c.expect('POST', `/disbursement/reports/${reports[0].id}/approve`, 200, { comment: 'Прието.' }, officer.auth);
    await page.reload();
    await expect(page.getByTestId('report').getByTestId('report-status')).toHaveText('Одобрен');
    await expect(page.getByTestId('cannot-report')).toContainText('Окончателният отчет е одобрен');
    await page.getByLabel('Език', { exact: true }).selectOption('en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reports');
    await expectAccessible(page, 'reports in English');
    await screenshots(page, 'grant-reports', 'en');
    await context.close();
  });

  test('an applicant answers the officer’s question; one found ineligible files an appeal', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'bg-BG', timezoneId: 'Europe/Sofia', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await logInAs(page, asked, BG_LOGIN);
    await page.goto(`/applications/${askedApp}`);
    const clarifications = page.getByTestId('clarifications');
    await expect(clarifications).toContainText('Моля, посочете партньорите си в община Бяла.');
    await page.getByTestId('send-answer').click();
    await expect(page.getByTestId('error-summary')).toBeVisible();
    await page.getByLabel('Вашият отговор', { exact: true }).fill('Партньор е читалище „Светлина“ в град Бяла.');
    await expectAccessible(page, 'timeline with a question');
    await screenshots(page, 'timeline-clarification', 'bg');
    await page.getByTestId('send-answer').click();
    await expect(clarifications).toContainText('Вашият отговор е изпратен.');
    await expect(clarifications).toContainText('Партньор е читалище „Светлина“ в град Бяла.');
    const answered = await client().expect('GET', `/applications/${askedApp}/clarifications`, 200, undefined, asked.auth);
    expect(answered.clarifications[0]).toMatchObject({ status: 'ANSWERED', answer: 'Партньор е читалище „Светлина“ в град Бяла.' });
    await context.close();

    const second = await browser.newContext({ locale: 'bg-BG', timezoneId: 'Europe/Sofia', viewport: { width: 1280, height: 900 } });
    const p2 = await second.newPage();
    await logInAs(p2, refused, BG_LOGIN);
    await p2.goto(`/applications/${refusedApp}`);
    const appeals = p2.getByTestId('appeals');
    await expect(appeals).toBeVisible();
    await p2.getByLabel('Основания за жалбата').fill('Решението на управителния съвет е приложено като втора страница на заявлението.');
    await p2.getByTestId('file-appeal').click();
    await expect(appeals).toContainText('Жалбата ви е подадена.');
    await expect(appeals).toContainText('Срещу решението за допустимост');
    await expect(appeals).toContainText('чака решение');
    await expectAccessible(p2, 'timeline with an appeal');
    await screenshots(p2, 'timeline-appeal', 'bg');
    const { appeals: filed } = await client().expect('GET', `/applications/${refusedApp}/appeals`, 200, undefined, refused.auth);
    expect(filed).toHaveLength(1);
    expect(filed[0]).toMatchObject({ stage: 'ELIGIBILITY', status: 'FILED' });
    await second.close();
  });
});
