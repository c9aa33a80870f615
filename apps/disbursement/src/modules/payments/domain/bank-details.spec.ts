import { maskIban, normaliseBankDetails, normaliseBic, normaliseIban } from './bank-details';

describe('bank details', () => {
  it('normalises an IBAN typed with spaces, lower case and a no-break space to electronic format', () => {
    expect(normaliseIban(' bg80 bnbg 9661\u00a01020 3456 78 ')).toEqual({ ok: true, value: { iban: 'BG80BNBG96611020345678', countryCode: 'BG' } });
  });

  it('explains why an IBAN is wrong', () => {
    expect(normaliseIban('BG80BNBG96611020345679')).toMatchObject({
      ok: false,
      problems: [{ field: 'iban', reason: 'check digits do not match: probably a typo' }],
    });
    expect(normaliseIban('')).toMatchObject({ problems: [{ field: 'iban', reason: 'is required' }] });
    expect(normaliseIban('ZZ12 3456')).toMatchObject({ problems: [{ field: 'iban', reason: /known country code/ }] });
    expect(normaliseIban('BG80.BNBG.9661.1020.3456.78').ok).toBe(false);
  });

  it('normalises and validates a BIC', () => {
    expect(normaliseBic(' uncr bg sf ')).toEqual({ ok: true, value: 'UNCRBGSF' });
    expect(normaliseBic('DEUTDEFF500')).toEqual({ ok: true, value: 'DEUTDEFF500' });
    expect(normaliseBic('UNCR')).toMatchObject({ ok: false, problems: [{ field: 'bic' }] });
  });

  it('accepts the Ruse club with its Cyrillic name kept exactly, BIC optional in SEPA', () => {
    const outcome = normaliseBankDetails({
      iban: 'BG95 UNCR 7000 1523 4567 89',
      accountHolder: '  Клуб „Отворено общество“ – Русе ',
    });
    expect(outcome).toEqual({
      ok: true,
      value: {
        iban: 'BG95UNCR70001523456789',
        bic: null,
        accountHolder: 'Клуб „Отворено общество“ – Русе',
        countryCode: 'BG',
        sepa: true,
      },
    });
  });

  it('requires a BIC outside SEPA (North Macedonia)', () => {
    const outcome = normaliseBankDetails({ iban: 'MK07250120000058984', accountHolder: 'Асоцијација Иницијатива за социјална промена ИнСоК' });
    expect(outcome).toMatchObject({ ok: false, problems: [{ field: 'bic', reason: 'is required for an account in MK, outside SEPA' }] });
    expect(normaliseBankDetails({ iban: 'MK07250120000058984', bic: 'stobmk2x', accountHolder: 'ИнСоК' })).toMatchObject({
      ok: true,
      value: { bic: 'STOBMK2X', sepa: false },
    });
  });

  it('names every field problem at once', () => {
    const outcome = normaliseBankDetails({ iban: 'BG00', bic: 'XX', accountHolder: '   ' });
    expect(outcome.ok ? [] : outcome.problems.map((p) => p.field)).toEqual(['iban', 'bic', 'accountHolder']);
    const long = normaliseBankDetails({ iban: 'BG80BNBG96611020345678', accountHolder: 'Ж'.repeat(71) });
    expect(long).toMatchObject({ ok: false, problems: [{ field: 'accountHolder', reason: /at most 70/ }] });
    const broken = normaliseBankDetails({ iban: 'BG80BNBG96611020345678', accountHolder: 'Line one\nline two' });
    expect(broken).toMatchObject({ ok: false, problems: [{ field: 'accountHolder', reason: /control characters/ }] });
  });

  it('masks an IBAN for logs', () => {
    expect(maskIban('BG80BNBG96611020345678')).toBe('BG80**************5678');
  });
});
