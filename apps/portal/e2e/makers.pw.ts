import { expect, test } from '@playwright/test';
import { norm, logInAs, organisation, publish, untilApplicationsKnow } from './kinds-support';
import { client, expectAccessible, screenshots, testing } from './support';

const BS_LOGIN = { email: 'Adresa e-pošte', password: 'Lozinka', submit: 'Prijavi se', landing: 'Moje prijave' };

test.describe('a MAKERS group applies for co-funding with its municipality, in Bosnian', () => {
  let call: { id: string; referenceCode: string };

  test.beforeAll(async () => {
    call = await publish('makers', new Date(Date.now() + 7 * 86_400_000));
    const probe = await organisation('Proba', 'bs', 'INFORMAL_GROUP');
    await untilApplicationsKnow(call.id, probe);
  });

  test('picks Trebinje, sees the share refused at 19 % while typing, submits at 20 %', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'bs-BA', timezoneId: 'Europe/Sarajevo', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const who = await organisation('Neformalna grupa Mladi Trebinja', 'bs', 'INFORMAL_GROUP');
    await logInAs(page, who, BS_LOGIN);

    await page.goto(`/calls/${call.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Javni poziv za sufinansiranje lokalnih inicijativa');
    await page.getByTestId('apply').click();
    await expect(page).toHaveURL(/\/applications\/[0-9a-f-]+\/edit$/);
    const applicationId = /applications\/([0-9a-f-]+)\/edit/.exec(page.url())![1]!;
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vaša prijava');

    // About the group.
    await page.getByLabel('Ime i prezime kontakt osobe').fill('Amra Hadžić');
    await page.getByLabel('Kontakt e-mail adresa').fill(who.email);
    await page.getByLabel('Prijavljujete se kao').selectOption('INFORMAL_GROUP');
    await page.locator('#f-leadOrganisation-name').fill('Neformalna grupa Mladi Trebinja');
    await page.locator('#f-leadOrganisation-country').fill('BA');

    // The partner municipality: one of the call's 14, chosen by keyboard.
    const municipality = page.getByLabel('Partnerska općina ili grad');
    await expect(municipality.locator('option')).toHaveCount(15);
    await municipality.focus();
    await municipality.selectOption('Trebinje');
    await expect(municipality).toHaveValue('Trebinje');

    await page.getByLabel('Jezik prijave').selectOption('bs');
    await page.getByLabel('Naslov', { exact: true }).fill('Uređenje parka na Crkvini');
    await page.getByLabel('Sažetak').fill('Mještani, općina i mladi zajedno uređuju park u naselju Crkvina.');
    await page.getByLabel('Problem koji inicijativa rješava').fill('Park u naselju je zapušten i djeca se nemaju gdje igrati.');
    await page.getByTestId('add-objectives').click();
    await expect(page.locator('#f-objectives-0-')).toBeFocused();
    await page.locator('#f-objectives-0-').fill('Uređen i siguran park za djecu');
    await page.getByTestId('add-targetGroups').click();
    await page.locator('#f-targetGroups-0-').fill('djeca i roditelji iz Crkvine');
    await page.getByTestId('add-activities').click();
    await page.locator('#f-activities-0-title').fill('Sastanak lokalne platforme za dijalog');
    await page.locator('#f-activities-0-startsOn').fill('2026-05-04');

    // The budget: amounts typed as a person in Bosnia writes them; 1.876,55 of 9.876,55 is 19 %.
    await page.getByLabel('Iznos koji tražite od poziva').fill('8.000,00');
    const share = page.getByLabel('Sufinansiranje općine');
    await share.fill('1.876,55');
    await expect(page.getByTestId('echo-municipalityCoFundingMinor')).toContainText('1.876,55');
    await expect(page.getByTestId('share')).toHaveAttribute('data-below', 'true');
    const fieldError = page.locator('#f-municipalityCoFundingMinor-error');
    await expect(fieldError).toContainText('19');
    await expect(fieldError).toContainText('najmanje 20 % ukupnog budžeta');
    await expect(share).toHaveAttribute('aria-invalid', 'true');
    await page.getByTestId('add-budgetLines').click();
    await page.locator('#f-budgetLines-0-description').fill('Radovi i oprema');
    await page.locator('#f-budgetLines-0-amountMinor').fill('8000');
    await page.getByTestId('add-budgetLines').click();
    await page.locator('#f-budgetLines-1-description').fill('Učešće općine Trebinje');
    await page.locator('#f-budgetLines-1-amountMinor').fill('2.000,00');
    // The service refuses to save a share under the minimum too: the message stays at the field.
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'error', { timeout: 20_000 });
    await expect(fieldError).toBeVisible();
    await expectAccessible(page, 'MAKERS draft with the share refused');
    await screenshots(page, 'makers-draft-error', 'bs');

    // 20 %: the hint turns, the draft saves.
    await share.fill('2.000,00');
    await expect(page.getByTestId('share')).toHaveAttribute('data-below', 'false');
    await expect(page.getByTestId('share')).toContainText('20');
    await expect(fieldError).toHaveCount(0);
    await expect(page.getByTestId('budget-total')).toContainText('10.000,00');
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved', { timeout: 20_000 });

    // The call's two files.
    for (const key of ['municipalityLetter', 'budgetTable']) {
      await page.getByTestId(`dropzone-${key}`).locator('input[type=file]').setInputFiles({ name: `${key}.pdf`, mimeType: 'application/pdf', buffer: testing.pdf(key) });
      await expect(page.getByTestId(`attachment-${key}`)).toContainText(`${key}.pdf`);
    }
    await expect(page.getByTestId('no-problems')).toBeVisible({ timeout: 20_000 });
    await expectAccessible(page, 'MAKERS draft complete');
    await screenshots(page, 'makers-draft', 'bs');

    // What the service stored: the municipality as the call spells it, amounts in cents exactly.
    const stored = await client().expect('GET', `/applications/${applicationId}/draft`, 200, undefined, who.auth);
    expect(stored.content).toMatchObject({
      partnerMunicipality: 'Trebinje',
      requestedAmountMinor: '800000',
      municipalityCoFundingMinor: '200000',
      budgetLines: [
        { description: 'Radovi i oprema', amountMinor: '800000' },
        { description: 'Učešće općine Trebinje', amountMinor: '200000' },
      ],
    });

    await page.getByTestId('submit').click();
    await expect(page).toHaveURL(new RegExp(`/applications/${applicationId}/receipt$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const timeline = await client().expect('GET', `/applications/${applicationId}/timeline`, 200, undefined, who.auth);
    expect(timeline.status).toBe('SUBMITTED');

    // The same form in English, for the screenshots.
    await page.goto(`/applications/${applicationId}/edit`);
    await page.getByLabel(/^(Jezik|Language)$/).selectOption('en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your application');
    await expect(page.getByLabel('Partner municipality or city')).toHaveValue('Trebinje');
    expect(norm(await page.getByTestId('share').textContent())).toContain('$10,000.00');
    await expectAccessible(page, 'MAKERS draft in English');
    await screenshots(page, 'makers-draft', 'en');
    await context.close();
  });
});
