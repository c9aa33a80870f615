import { containsPattern, foldForSearch, municipalityKey, searchDocument, searchTerms } from './search-text';

describe('catalogue search text', () => {
  const doc = searchDocument({
    referenceCode: 'FMZ-ESSAY-2023',
    texts: { mk: { title: 'Мојот сограѓанин од соседната улица', summary: 'Конкурс за есеј' }, en: { title: 'My fellow citizen' } },
    partnerMunicipalities: ['Istočno Novo Sarajevo', 'Trebinje'],
  });
  const finds = (q: string) => searchTerms(q).every((t) => doc.includes(t));

  it('finds words in any script, whatever their case and accents', () => {
    for (const q of ['сограѓанин', 'СОГРАЃАНИН', 'Trebinje', 'trebinje', 'istocno', 'ISTOČNO novo', 'fellow CITIZEN', 'fmz-essay']) {
      expect([q, finds(q)]).toEqual([q, true]);
    }
    expect(finds('Mostar')).toBe(false);
    expect(finds('сограѓанин Mostar')).toBe(false); // every word must be found
  });

  it('folds decomposed and precomposed forms alike', () => {
    expect(foldForSearch('сограѓанин')).toBe(foldForSearch('сограг\u0301анин'));
    expect(foldForSearch('Đakovo  Brčko')).toBe('dakovo brcko');
    expect(municipalityKey(' TREBINJE ')).toBe('trebinje');
  });

  it('takes LIKE wildcards in a query literally', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
    expect(searchTerms('   ')).toEqual([]);
  });
});
