import { bankDetailsBody, bankDetailsProblems, checkBic, checkIban } from './bankDetails';

describe('checkIban (ibantools, as the service checks it)', () => {
  it('accepts an IBAN typed with spaces and lower case, and formats it', () => {
    expect(checkIban('bg80 bnbg 9661 1020 3456 78')).toEqual({ ok: true, iban: 'BG80BNBG96611020345678', friendly: 'BG80 BNBG 9661 1020 3456 78', country: 'BG', sepa: true });
  });
  it('knows a country outside SEPA (Bosnia and Herzegovina)', () => {
    expect(checkIban('BA391290079401028494')).toMatchObject({ ok: true, country: 'BA', sepa: false });
  });
  it.each([
    ['', 'REQUIRED'],
    ['BG80BNBG9661102034567', 'LENGTH'],
    ['BG81BNBG96611020345678', 'CHECKSUM'],
    ['ZZ80BNBG96611020345678', 'COUNTRY'],
  ])('%j → %s', (raw, issue) => {
    expect(checkIban(raw)).toEqual({ ok: false, issue });
  });
});

describe('the bank details form', () => {
  it('a BIC is needed outside SEPA and must have the right form when given', () => {
    expect(checkBic('', checkIban('BA391290079401028494'))).toBe('REQUIRED');
    expect(checkBic('', checkIban('BG80BNBG96611020345678'))).toBeNull();
    expect(checkBic('UNCR BG SF', checkIban('BG80BNBG96611020345678'))).toBeNull();
    expect(checkBic('UNC', checkIban('BG80BNBG96611020345678'))).toBe('FORMAT');
  });
  it('names every problem at once', () => {
    expect(bankDetailsProblems({ iban: 'BG81BNBG96611020345678', bic: 'X', accountHolder: ' ' }).map((p) => [p.field, p.code])).toEqual([
      ['iban', 'IBAN_CHECKSUM'],
      ['bic', 'BIC_FORMAT'],
      ['accountHolder', 'HOLDER_REQUIRED'],
    ]);
    expect(bankDetailsProblems({ iban: 'BG80BNBG96611020345678', bic: '', accountHolder: 'Клуб „Отворено общество“ – Русе' })).toEqual([]);
  });
  it('sends the IBAN and BIC normalised and the holder as written', () => {
    expect(bankDetailsBody({ iban: 'bg80 bnbg 9661 1020 3456 78', bic: 'unbgbgsf', accountHolder: ' Клуб „Отворено общество“ – Русе ' })).toEqual({
      iban: 'BG80BNBG96611020345678',
      bic: 'UNBGBGSF',
      accountHolder: 'Клуб „Отворено общество“ – Русе',
    });
  });
});
