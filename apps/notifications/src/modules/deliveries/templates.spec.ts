import { DELIVERY_KINDS, LANGUAGES, render, TEMPLATES } from './templates';

describe('e-mail templates', () => {
  it('renders in the recipient’s language, keeping Cyrillic and Latin exactly', () => {
    const mk = render('AWARD', 'mk', { reference: 'FMZ-ESSAY-2023-0001', amount: '30000.00 MKD' });
    expect(mk.language).toBe('mk');
    expect(mk.subject).toBe('Честитки: FMZ-ESSAY-2023-0001 е наградена');
    expect(mk.body).toContain('30000.00 MKD');
    expect(render('WELCOME', 'bs', { displayName: 'Džemal Hodžić' }).subject).toBe('Dobro došli, Džemal Hodžić');
  });

  it('falls back to English for a language without a text, or an unknown language', () => {
    expect(render('ASSIGNMENT', 'sq', { callTitle: 'X', count: 3, deadline: 'd' }).language).toBe('en');
    expect(render('WELCOME', 'de', { displayName: 'A' }).language).toBe('en');
  });

  it('has every kind in English, the key messages in all seven languages, and no unknown placeholder left', () => {
    for (const k of DELIVERY_KINDS) expect(TEMPLATES[k].en.subject.length).toBeGreaterThan(0);
    for (const k of ['WELCOME', 'PASSWORD_RESET', 'RECEIPT', 'AWARD'] as const) {
      for (const l of LANGUAGES) expect(TEMPLATES[k][l]).toBeDefined();
    }
    expect(render('RECEIPT', 'mk', {}).body).not.toMatch(/\{\{/);
  });
});
