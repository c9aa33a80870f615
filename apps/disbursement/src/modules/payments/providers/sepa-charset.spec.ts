import { EPC_BASIC_LATIN_PATTERN, characterLength, hasXmlForbiddenCharacters, sepaText, toEpcBasicLatin } from './sepa-charset';

describe('SEPA character set', () => {
  it('transliterates the reference programmes’ names to EPC basic Latin', () => {
    expect(toEpcBasicLatin('Клуб „Отворено общество“ – Русе')).toBe("Klub 'Otvoreno obshtestvo' - Ruse");
    expect(toEpcBasicLatin('Синергия на мрежата')).toBe('Sinergia na mrezhata');
    // Word-final "ия" is "ia" (София → Sofia); "ъ" is "a" (the statute keeps "Bulgaria" only as a listed exception).
    expect(toEpcBasicLatin('Областна администрация – Русе, София')).toBe('Oblastna administratsia - Ruse, Sofia');
    expect(toEpcBasicLatin('Търговище')).toBe('Targovishte');
    expect(toEpcBasicLatin('Асоцијација Иницијатива за социјална промена ИнСоК')).toBe(
      'Asocijacija Inicijativa za socijalna promena InSoK',
    );
    expect(toEpcBasicLatin('Здружение Интегра Нау; Центар Скопје')).toBe('Zdruzenie Integra Nau. Centar Skopje');
    // Without a letter proper to Macedonian or Serbian, the Bulgarian system applies.
    expect(toEpcBasicLatin('Здружение Интегра Нау')).toBe('Zdruzhenie Integra Nau');
    expect(toEpcBasicLatin('Aktivizam, angažman i odgovorna rješenja – Istočno Novo Sarajevo & Brčko')).toBe(
      'Aktivizam, angazman i odgovorna rjesenja - Istocno Novo Sarajevo + Brcko',
    );
    expect(toEpcBasicLatin('ЖЕНА Жена Đurđevac Straße')).toBe('ZHENA Zhena Djurdjevac Strasse');
  });

  it('always yields the basic set', () => {
    const samples = ['Дијалог промена – Подршка реформама', 'Ωμέγα №5 ©2025 😀', 'tab\tnew\nline', 'Ђорђе Ћирић, Џаковица'];
    for (const s of samples) expect(EPC_BASIC_LATIN_PATTERN.test(toEpcBasicLatin(s))).toBe(true);
  });

  it('keeps UTF-8 text as it is, apart from trimming and collapsing whitespace', () => {
    expect(sepaText('  Клуб „Отворено общество“   Стара Загора ', 'UTF8')).toBe('Клуб „Отворено общество“ Стара Загора');
  });

  it('finds characters XML 1.0 cannot carry and counts code points, not UTF-16 units', () => {
    expect(hasXmlForbiddenCharacters('ok\ttab')).toBe(false);
    expect(hasXmlForbiddenCharacters('bell\u0007')).toBe(true);
    expect(hasXmlForbiddenCharacters('lone \ud800 surrogate')).toBe(true);
    expect(hasXmlForbiddenCharacters('pair 😀')).toBe(false);
    expect(characterLength('😀Ж')).toBe(2);
  });
});
