import { CallRules } from './call-rules';
import { ageOn, contentProblems, localDate, problemsTouching, RuleContext } from './content-rules';
import { wordCount } from './application-content';

const MUNICIPALITIES = ['Centar Sarajevo', 'Istočno Novo Sarajevo', 'Trebinje'];
const makers: CallRules = {
  kind: 'LOCAL_INITIATIVE_COFUNDING',
  defaultLanguage: 'bs',
  submissionLanguages: ['bs', 'sr', 'en'],
  eligibility: {
    applicantTypes: ['REGISTERED_ORGANISATION', 'INFORMAL_GROUP'],
    partnershipsAllowed: true,
    partnerMunicipalities: MUNICIPALITIES,
    requestedAmount: { minMinor: '500000', maxMinor: '2000000' },
    minCoFundingPercent: 20,
    onePerApplicant: true,
  },
  form: {
    sections: [
      { key: 'problem', required: true, maxWords: 5 },
      { key: 'activities', required: true },
    ],
    attachments: [{ key: 'municipalityLetter', required: true, maxSizeBytes: 1000, allowedTypes: ['application/pdf'] }],
  },
};
const essay: CallRules = {
  kind: 'ESSAY_CONTEST',
  defaultLanguage: 'mk',
  submissionLanguages: ['mk', 'sq'],
  eligibility: { applicantTypes: ['STUDENT'], ageRange: { minAge: 14, maxAge: 19 }, guardianConsentUnderAge: 18, wordLimits: { minWords: 3, maxWords: 6 }, onePerApplicant: true },
  form: { sections: [{ key: 'title', required: true }, { key: 'essay', required: true }], attachments: [] },
};
const ctx = (rules: CallRules, extra: Partial<RuleContext> = {}): RuleContext => ({
  rules,
  currency: 'USD',
  timeZone: 'Europe/Skopje',
  now: new Date('2023-06-01T10:00:00Z'),
  mode: 'full',
  ...extra,
});
const fields = (ps: { field: string }[]) => ps.map((p) => p.field).sort();

const goodLocal = {
  language: 'bs',
  title: 'Park za sve',
  summary: 'Uređenje parka',
  sections: { problem: 'Nema parka u naselju' },
  partnerMunicipality: 'Istočno Novo Sarajevo',
  objectives: ['Park'],
  targetGroups: ['Djeca'],
  activities: [{ title: 'Radovi', startsOn: '2023-07-01', endsOn: '2023-08-01' }],
  budgetLines: [{ description: 'Klupe', amountMinor: '1250000' }],
  requestedAmountMinor: '1000000',
  municipalityCoFundingMinor: '250000',
};
const org = { fullName: 'Udruženje Mladi', email: 'mladi@example.ba', applicantType: 'INFORMAL_GROUP' };

describe('contentProblems', () => {
  it('accepts a complete local initiative and names every problem of a bad one at once', () => {
    expect(contentProblems(goodLocal, ctx(makers, { identity: org, attachmentKeys: ['municipalityLetter'] }))).toEqual([]);
    const bad = {
      ...goodLocal,
      language: 'de',
      text: 'an essay?',
      sections: { problem: 'one two three four five six', surprise: 'x' },
      partnerMunicipality: 'Istocno Novo Sarajevo',
      requestedAmountMinor: '2500000',
      municipalityCoFundingMinor: '100000',
      activities: [{ title: 'Radovi', startsOn: '2023-08-01', endsOn: '2023-07-01' }],
      partners: [{ name: 'Partner' }],
    };
    const problems = contentProblems(bad, ctx(makers, { identity: {}, attachmentKeys: [] }));
    expect(fields(problems)).toEqual(
      [
        'activities[0].endsOn',
        'applicant.applicantType',
        'applicant.email',
        'applicant.fullName',
        'attachments.municipalityLetter',
        'budgetLines',
        'language',
        'leadOrganisation',
        'municipalityCoFundingMinor',
        'partnerMunicipality',
        'requestedAmountMinor',
        'sections.problem',
        'sections.surprise',
        'text',
      ].sort(),
    );
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.reason]));
    expect(byField.requestedAmountMinor).toContain('the call allows at most 20000.00 USD');
    expect(byField.municipalityCoFundingMinor).toMatch(/3\.84% .* at least 20%/);
    expect(byField.partnerMunicipality).toContain('did you mean "Istočno Novo Sarajevo"');
  });

  it('computes the co-funding share exactly, at the boundary', () => {
    // 250 000 of 1 250 000 is exactly 20 %.
    const at = contentProblems({ requestedAmountMinor: '1000000', municipalityCoFundingMinor: '250000' }, ctx(makers, { mode: 'partial' }));
    expect(at).toEqual([]);
    const under = contentProblems({ requestedAmountMinor: '1000001', municipalityCoFundingMinor: '250000' }, ctx(makers, { mode: 'partial' }));
    expect(fields(under)).toEqual(['municipalityCoFundingMinor']);
  });

  it('in a draft, asks for nothing missing and reports only what the written fields cause', () => {
    expect(contentProblems({ title: 'Park' }, ctx(makers, { mode: 'partial' }))).toEqual([]);
    const problems = contentProblems({ requestedAmountMinor: '9999999', partnerMunicipality: 'Sarajevo' }, ctx(makers, { mode: 'partial' }));
    expect(fields(problemsTouching(problems, new Set(['partnerMunicipality'])))).toEqual(['partnerMunicipality']);
    expect(fields(problemsTouching(problems, new Set(['title'])))).toEqual([]);
  });

  it('checks the essay: words, age range, and a guardian consent under the call\'s age', () => {
    const content = { language: 'mk', title: 'Соседи', text: 'Мојот сосед секое утро' };
    const minor = { fullName: 'Ана Петровска', email: 'ana@example.mk', applicantType: 'STUDENT', dateOfBirth: '2007-06-02' };
    const missingConsent = contentProblems(content, ctx(essay, { identity: minor }));
    expect(fields(missingConsent)).toEqual(['guardianConsent']);
    expect(missingConsent[0].reason).toContain('is 15, under 18');
    const consent = { guardianName: 'Марија Петровска', relation: 'mother', consentedAt: '2023-05-01T00:00:00Z' };
    expect(contentProblems(content, ctx(essay, { identity: minor, consent }))).toEqual([]);
    const adult = { ...minor, dateOfBirth: '2000-01-01' };
    expect(contentProblems(content, ctx(essay, { identity: adult }))[0].reason).toContain('open to ages 14–19');
    const long = contentProblems({ ...content, text: 'едно два три четири пет шест седум' }, ctx(essay, { identity: minor, consent }));
    expect(long).toEqual([{ field: 'text', code: 'WORD_COUNT', params: { max: 6, words: 7 }, reason: 'has 7 words; the call allows at most 6' }]);
    expect(fields(contentProblems({ language: 'mk' }, ctx(essay, { identity: minor, consent })))).toEqual(['text', 'title']);
  });

  it('refuses fields that do not belong to the kind of call', () => {
    expect(fields(contentProblems({ partnerMunicipality: 'Trebinje' }, ctx(essay, { mode: 'partial' })))).toEqual(['partnerMunicipality']);
  });
});

describe('dates and words', () => {
  it('takes the date in the call\'s time zone and counts ages in completed years', () => {
    expect(localDate(new Date('2023-10-31T22:30:00Z'), 'Europe/Skopje')).toBe('2023-10-31');
    expect(localDate(new Date('2023-10-31T23:30:00Z'), 'Europe/Skopje')).toBe('2023-11-01');
    expect(ageOn('2005-11-01', '2023-10-31')).toBe(17);
    expect(ageOn('2005-11-01', '2023-11-01')).toBe(18);
  });
  it('counts words in any script', () => {
    expect(wordCount('Мојот сограѓанин од соседната улица')).toBe(5);
    expect(wordCount('  Komšija — moj prijatelj, 12 godina. ')).toBe(5);
  });
});
