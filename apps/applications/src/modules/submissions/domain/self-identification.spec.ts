import { comparable, selfIdentificationFlags } from './self-identification';

describe('selfIdentificationFlags', () => {
  const ana = { fullName: 'Ана Петровска', email: 'ana.p@example.mk', school: 'СУГС Орце Николов' };

  it('finds the applicant\'s name and school in either script, with or without diacritics', () => {
    expect(comparable('Petrovska')).toBe(comparable('Петровска'));
    expect(comparable('Džemal Hodžić')).toBe(comparable('Dzemal Hodzic'));
    const flags = selfIdentificationFlags(
      { title: 'Соседи', text: 'Јас, Ana Petrovska, учам во СУГС „Орце Николов“ и живеам до Ахмет.', sections: { note: 'ana.p@example.mk' } },
      ana,
    );
    expect(flags).toEqual([
      { field: 'text', matched: 'FULL_NAME' },
      { field: 'text', matched: 'SCHOOL' },
      { field: 'sections.note', matched: 'GIVEN_NAME' }, // the e-mail holds her given name too
      { field: 'sections.note', matched: 'EMAIL' },
    ]);
  });

  it('matches whole words only and stays quiet on an anonymous essay', () => {
    expect(selfIdentificationFlags({ text: 'Анализата на улицата покажа дека Петровскаја не постои.' }, ana)).toEqual([]);
    expect(selfIdentificationFlags({ title: 'Мојот сосед', text: 'Мојот сосед Ахмет секое утро ја полева улицата.' }, ana)).toEqual([]);
  });

  it('flags a surname alone', () => {
    expect(selfIdentificationFlags({ text: 'Семејството Петровска живее тука.' }, ana)).toEqual([{ field: 'text', matched: 'SURNAME' }]);
  });
});
