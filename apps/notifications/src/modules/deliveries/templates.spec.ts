import { callTitle, DELIVERY_KINDS, LANGUAGES, placeholdersOf, render, TEMPLATES } from './templates';

/** Every variable any template reads, set, so that a rendering shows every placeholder filled. */
const ALL_VARS = {
  displayName: 'Džemal Hodžić',
  link: 'https://grants.example/reset-password?token=abc',
  expiresAt: '2026-03-01T10:00:00.000Z',
  reference: 'FMZ-ESSAY-2023-0001',
  submittedAt: '2026-02-27T23:59:59.000Z',
  contentSha256: 'a'.repeat(64),
  reason: 'The applicant is older than 19.',
  callTitle: 'Мојот сограѓанин од соседната улица',
  count: 3,
  totalInCall: 7,
  amount: '30000.00 MKD',
  tranche: 2,
  number: 1,
  comment: 'The receipts for March are missing.',
};

describe('e-mail templates', () => {
  it('renders in the recipient’s language, keeping Cyrillic and Latin exactly', () => {
    const mk = render('AWARD', 'mk', { reference: 'FMZ-ESSAY-2023-0001', amount: '30000.00 MKD' });
    expect(mk.language).toBe('mk');
    expect(mk.subject).toBe('Честитки: FMZ-ESSAY-2023-0001 е наградена');
    expect(mk.body).toContain('30000.00 MKD');
    expect(render('WELCOME', 'bs', { displayName: 'Džemal Hodžić' }).subject).toBe('Dobro došli, Džemal Hodžić');
  });

  it('falls back to English for an unknown language', () => {
    expect(render('ASSIGNMENT', 'de', { callTitle: 'X', count: 3, totalInCall: 3 }).language).toBe('en');
    expect(render('WELCOME', 'de', { displayName: 'A' }).language).toBe('en');
    expect(render('WELCOME', '', { displayName: 'A' }).subject).toBe('Welcome, A');
  });

  it('has every kind in every language, with the same placeholders and sections as English', () => {
    expect(Object.keys(TEMPLATES).sort()).toEqual([...DELIVERY_KINDS].sort());
    for (const k of DELIVERY_KINDS) {
      const en = TEMPLATES[k].en;
      for (const l of LANGUAGES) {
        const t = TEMPLATES[k][l];
        expect({ kind: k, language: l, defined: !!t?.subject && !!t?.body }).toEqual({ kind: k, language: l, defined: true });
        expect({ kind: k, language: l, subject: placeholdersOf(t.subject) }).toEqual({ kind: k, language: l, subject: placeholdersOf(en.subject) });
        expect({ kind: k, language: l, body: placeholdersOf(t.body) }).toEqual({ kind: k, language: l, body: placeholdersOf(en.body) });
      }
    }
  });

  it('leaves no placeholder or section mark in any rendering, whatever is set', () => {
    const cases = [
      ALL_VARS,
      { ...ALL_VARS, eligible: true, awarded: true, final: true },
      { ...ALL_VARS, eligible: false, reserve: true, interim: true },
      { ...ALL_VARS, notSelected: true, callTitle: undefined, comment: undefined, tranche: undefined, reason: undefined },
      {},
    ];
    for (const vars of cases) {
      for (const k of DELIVERY_KINDS) {
        for (const l of LANGUAGES) {
          const r = render(k, l, vars);
          expect(r.language).toBe(l);
          expect(`${k}/${l}: ${r.subject}\n${r.body}`).not.toMatch(/\{\{|\}\}/);
          expect(r.subject).not.toMatch(/\n/);
        }
      }
    }
  });

  it('words the eligibility decision and the reason of an ineligibility', () => {
    const ok = render('ELIGIBILITY', 'sr', { reference: 'R-1', eligible: true, reason: 'unused' });
    expect(ok.body).toBe('Ваша пријава R-1 испуњава услове позива и прелази у фазу оцењивања.');
    const no = render('ELIGIBILITY', 'hr', { reference: 'R-1', eligible: false, reason: 'Prijavitelj je stariji od 19 godina.' });
    expect(no.subject).toBe('Odluka o ispunjavanju uvjeta: R-1');
    expect(no.body).toContain('ne ispunjava uvjete poziva');
    expect(no.body).toContain('Obrazloženje: Prijavitelj je stariji od 19 godina.');
    expect(render('ELIGIBILITY', 'en', { reference: 'R-1', eligible: false }).body).not.toContain('Reason');
  });

  it('words each outcome of the results as its own sentence, with or without the call’s title', () => {
    const awarded = render('RESULTS', 'mk', { reference: 'R-1', awarded: true, callTitle: 'Есеј' });
    expect(awarded.subject).toBe('Резултати од повикот „Есеј“: R-1');
    expect(awarded.body).toContain('е избрана за награда');
    expect(awarded.body).not.toContain('резервната');
    const reserve = render('RESULTS', 'sq', { reference: 'R-2', reserve: true });
    expect(reserve.subject).toBe('Rezultatet e thirrjes: R-2');
    expect(reserve.body).toContain('në listën rezervë');
    const none = render('RESULTS', 'bg', { reference: 'R-3', notSelected: true });
    expect(none.body).toContain('този път не е избрано');
    expect(none.body).not.toContain('награждаване');
  });

  it('names the call in an assignment when it is known, and words it neutrally when not', () => {
    expect(render('ASSIGNMENT', 'en', { count: 3, totalInCall: 5, callTitle: 'Essays 2026' }).subject).toBe('New entries to evaluate: Essays 2026');
    const neutral = render('ASSIGNMENT', 'bs', { count: 3, totalInCall: 5 });
    expect(neutral.subject).toBe('Nove prijave za ocjenjivanje');
    expect(neutral.body).toContain(': 3.');
    expect(neutral.body).not.toContain('poziv „');
  });

  it('states the report, its number and the officer’s comment; the tranche of a payment', () => {
    const interim = render('REPORT_RETURNED', 'bs', { reference: 'R-1', interim: true, number: 2, comment: 'Nedostaju računi.' });
    expect(interim.body).toContain('periodični izvještaj br. 2 za R-1 vraćen je na doradu');
    expect(interim.body).toContain('Komentar: Nedostaju računi.');
    expect(render('REPORT_RETURNED', 'en', { reference: 'R-1', final: true }).body).toMatch(/^Your final report on R-1 has been returned/);
    expect(render('PAYMENT_PAID', 'hr', { reference: 'R-1', amount: '100.00 EUR', tranche: 2 }).body).toBe(
      'Isplata od 100.00 EUR za R-1 (tranša 2) uplaćena je na vaš račun.',
    );
    expect(render('PAYMENT_APPROVED', 'en', { reference: 'R-1', amount: '100.00 EUR' }).body).not.toContain('tranche');
  });

  it('never reads a value as a template, and keeps a subject on one line', () => {
    const r = render('REPORT_RETURNED', 'en', { reference: 'R-1\nBcc: x@y', final: true, comment: '{{displayName}} {{#final}}x{{/final}}', displayName: 'N' });
    expect(r.body).toContain('Comment: {{displayName}} {{#final}}x{{/final}}');
    expect(r.subject).toBe('Your report on R-1 Bcc: x@y needs changes');
  });

  it('picks the call’s title in the recipient’s language, else in the call’s default language', () => {
    const call = { default_language: 'mk', texts: { mk: { title: 'Есеј' }, sq: { title: 'Ese' } } };
    expect(callTitle(call, ['sq', 'en'])).toBe('Ese');
    expect(callTitle(call, ['hr', 'en'])).toBe('Есеј');
    expect(callTitle(undefined, ['hr'])).toBeUndefined();
  });
});
