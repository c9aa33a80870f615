import { checkConflict, conflictedEvaluatorIdsByEntry, EntryParties, EvaluatorProfile, findConflicts } from './conflicts';
import { makersPanel, makersParties, makersProposals, mkEssayParties, mkEssays, mkJury, shuffled } from './test/reference-programmes';

const evaluator = (over: Partial<EvaluatorProfile> = {}): EvaluatorProfile => ({
  id: 'ev-1',
  email: 'ana@example.org',
  organisation: { id: 'org-ev', name: 'Independent Expert Office' },
  ...over,
});

const forumEntry: EntryParties = {
  entryId: 'entry-forum',
  applicant: {
    organisation: { id: 'org-insok', name: 'Асоцијација Иницијатива за социјална промена ИнСоК' },
    email: 'info@insok.org.mk',
  },
  partners: [
    { organisation: { name: 'Здружение Интегра Нау' }, email: 'kontakt@integra.mk' },
    { organisation: { name: 'Центар за интеграција и поддршка Скопје' } },
  ],
  partnerMunicipality: { id: 'mun-centar', name: 'Centar Sarajevo', emailDomain: 'centar.ba' },
  persons: ['Марија Петровска', 'marko@integra.mk'],
};

describe('checkConflict', () => {
  it('finds the same organisation as the applicant or a partner, ignoring case and spacing, by id or name', () => {
    const byName = checkConflict(evaluator({ organisation: { name: '  здружение   ИНТЕГРА нау ' } }), forumEntry);
    expect(byName).toEqual({
      conflicted: true,
      reasons: [{ code: 'SAME_ORGANISATION', party: 'PARTNER', value: 'Здружение Интегра Нау' }],
    });
    const byId = checkConflict(evaluator({ organisation: { id: 'ORG-INSOK' } }), forumEntry);
    expect(byId.reasons).toEqual([{ code: 'SAME_ORGANISATION', party: 'APPLICANT', value: 'org-insok' }]);
  });

  it('keeps Cyrillic and Latin apart: a transliterated name is a different name', () => {
    expect(checkConflict(evaluator({ organisation: { name: 'Zdruzenie Integra Nau' } }), forumEntry).conflicted).toBe(false);
  });

  it('treats a composed and a decomposed letter as the same (NFC)', () => {
    const entry: EntryParties = { entryId: 'e', applicant: {}, partnerMunicipality: { name: 'Istočno Novo Sarajevo' } };
    const decomposed = 'Istoc\u030Cno Novo Sarajevo';
    const check = checkConflict(evaluator({ declared: { municipalities: [decomposed] } }), entry);
    expect(check.reasons).toEqual([{ code: 'DECLARED_MUNICIPALITY', party: 'MUNICIPALITY', value: 'Istočno Novo Sarajevo' }]);
  });

  it('finds the same e-mail domain as the applicant or a partner, but not a public mail provider', () => {
    expect(checkConflict(evaluator({ email: 'Vesna@INSOK.org.mk ' }), forumEntry).reasons).toEqual([
      { code: 'SAME_EMAIL_DOMAIN', party: 'APPLICANT', value: 'insok.org.mk' },
    ]);
    expect(checkConflict(evaluator({ email: 'x@integra.mk' }), forumEntry).reasons).toEqual([
      { code: 'SAME_EMAIL_DOMAIN', party: 'PARTNER', value: 'integra.mk' },
    ]);
    const gmailEntry: EntryParties = { entryId: 'g', applicant: { email: 'student@gmail.com' }, partners: [{ email: 'p@Yahoo.com' }] };
    for (const email of ['judge@gmail.com', 'judge@yahoo.com', 'judge@outlook.com', 'judge@hotmail.com']) {
      expect(checkConflict(evaluator({ email }), gmailEntry).conflicted).toBe(false);
    }
    // The very same mailbox is the same person, public provider or not.
    expect(checkConflict(evaluator({ email: ' STUDENT@gmail.com' }), gmailEntry).reasons).toEqual([
      { code: 'SAME_EMAIL_ADDRESS', party: 'APPLICANT', value: 'student@gmail.com' },
    ]);
    // A region's own free providers can be added.
    const local: EntryParties = { entryId: 'l', applicant: { email: 'a@freemail.ba' } };
    expect(checkConflict(evaluator({ email: 'b@freemail.ba' }), local).conflicted).toBe(true);
    expect(checkConflict(evaluator({ email: 'b@freemail.ba' }), local, { extraPublicMailDomains: ['FreeMail.ba'] }).conflicted).toBe(false);
  });

  it("finds a partner municipality's staff by employer or by the municipality's mail domain", () => {
    expect(checkConflict(evaluator({ organisation: { id: 'mun-centar' } }), forumEntry).reasons).toEqual([
      { code: 'MUNICIPALITY_STAFF', party: 'MUNICIPALITY', value: 'mun-centar' },
    ]);
    expect(checkConflict(evaluator({ email: 'referent@Centar.ba' }), forumEntry).reasons).toEqual([
      { code: 'MUNICIPALITY_STAFF', party: 'MUNICIPALITY', value: 'centar.ba' },
    ]);
  });

  it('honours declared organisations, municipalities, persons and entries', () => {
    const ev = evaluator({
      declared: {
        organisations: ['центар за интеграција и поддршка скопје'],
        municipalities: ['MUN-CENTAR'],
        persons: [' марија  петровска', 'Marko@Integra.mk'],
        entryIds: ['entry-forum'],
      },
    });
    expect(checkConflict(ev, forumEntry).reasons).toEqual([
      { code: 'DECLARED_ORGANISATION', party: 'PARTNER', value: 'Центар за интеграција и поддршка Скопје' },
      { code: 'DECLARED_MUNICIPALITY', party: 'MUNICIPALITY', value: 'mun-centar' },
      { code: 'DECLARED_PERSON', party: 'PERSON', value: 'marko@integra.mk' },
      { code: 'DECLARED_PERSON', party: 'PERSON', value: 'Марија Петровска' },
      { code: 'DECLARED_ENTRY', party: 'ENTRY', value: 'entry-forum' },
    ]);
  });

  it('gives every reason in one order, whatever the order of the partners', () => {
    const ev = evaluator({ email: 'x@integra.mk', organisation: { name: 'Асоцијација Иницијатива за социјална промена ИнСоК' } });
    const reversed = { ...forumEntry, partners: [...(forumEntry.partners ?? [])].reverse() };
    expect(checkConflict(ev, reversed)).toEqual(checkConflict(ev, forumEntry));
    expect(checkConflict(ev, forumEntry).reasons.map((r) => r.code)).toEqual(['SAME_ORGANISATION', 'SAME_EMAIL_DOMAIN']);
  });

  it('finds nothing for an unrelated evaluator', () => {
    expect(checkConflict(evaluator(), forumEntry)).toEqual({ conflicted: false, reasons: [] });
  });
});

describe('findConflicts', () => {
  it('agrees with checking every pair of the MAKERS call and of the MK essay contest', () => {
    const cases: [EvaluatorProfile[], EntryParties[]][] = [
      [makersPanel(), makersProposals().map(makersParties)],
      [mkJury(), mkEssays().map(mkEssayParties)],
    ];
    for (const [evaluators, entries] of cases) {
      const brute = entries
        .map((en) => ({
          entryId: en.entryId,
          evaluators: evaluators
            .map((ev) => ({ evaluatorId: ev.id, reasons: checkConflict(ev, en).reasons }))
            .filter((x) => x.reasons.length > 0),
        }))
        .filter((x) => x.evaluators.length > 0)
        .sort((a, b) => (a.entryId < b.entryId ? -1 : 1));
      expect(findConflicts(evaluators, entries)).toEqual(brute);
      expect(brute.length).toBeGreaterThan(0);
    }
  });

  it('flags Pale and Mostar staff on their own municipalities and the declared Travnik conflict', () => {
    const found = conflictedEvaluatorIdsByEntry(findConflicts(makersPanel(), makersProposals().map(makersParties)));
    const byMunicipality = new Map<string, Set<string>>();
    for (const p of makersProposals()) {
      for (const id of found.get(p.entryId) ?? []) {
        const set = byMunicipality.get(p.municipality) ?? new Set<string>();
        set.add(id);
        byMunicipality.set(p.municipality, set);
      }
    }
    expect(Object.fromEntries([...byMunicipality].map(([m, s]) => [m, [...s].sort()]))).toEqual({
      Pale: ['makers-ev-2'],
      Mostar: ['makers-ev-3'],
      Travnik: ['makers-ev-6'],
    });
  });

  it('finds the juror who teaches at the essay writer’s school', () => {
    const found = findConflicts(mkJury(), mkEssays().map(mkEssayParties));
    expect(found.every((f) => f.evaluators.length === 1 && f.evaluators[0].evaluatorId === 'juror-3')).toBe(true);
    expect(found.map((f) => f.entryId)).toEqual(['mk-essay-02', 'mk-essay-08', 'mk-essay-14', 'mk-essay-20', 'mk-essay-26']);
  });

  it('gives the same answer for shuffled input', () => {
    const evaluators = makersPanel();
    const entries = makersProposals().map(makersParties);
    expect(findConflicts(shuffled(evaluators, 7), shuffled(entries, 11))).toEqual(findConflicts(evaluators, entries));
  });
});
