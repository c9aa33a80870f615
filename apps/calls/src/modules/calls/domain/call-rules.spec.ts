import { validateAs } from '@grants/common';
import { Body, eeaNgoGrant, essayContest, makersCofunding } from '@grants/testing';
import { CreateCallDto } from '../dto/create-call.dto';
import { ON_PUBLICATION } from '../dto/instant.validator';
import { CallDraft } from './call-draft';
import { publicationProblems } from './call-rules';

const NOW = new Date('2023-02-01T10:00:00Z');
const OPENS = '2023-02-15T08:00:00+01:00';
const CLOSES = '2023-03-31T23:59:00+02:00';

function draft(body: Body): CallDraft {
  return {
    referenceCode: body.referenceCode,
    kind: body.kind,
    programmeId: body.programmeId ?? null,
    funder: body.funder ?? null,
    currency: body.currency,
    budgetMinor: BigInt(body.budgetMinor),
    opensAt: body.opensAt === ON_PUBLICATION ? null : new Date(body.opensAt),
    closesAt: new Date(body.closesAt),
    timeZone: body.timeZone,
    defaultLanguage: body.defaultLanguage,
    texts: body.texts,
    submissionLanguages: body.submissionLanguages ?? [],
    eligibility: body.eligibility ?? null,
    form: body.form ?? null,
    rubric: body.rubric ?? null,
    evaluation: body.evaluation ?? null,
    awardRules: body.awardRules ?? null,
    paymentPolicy: body.paymentPolicy ?? null,
    appealWindowDays: body.appealWindowDays ?? null,
  };
}

const fields = (body: Body, now = NOW) => publicationProblems(draft(body), now).map((p) => p.field);
const seeds = { essay: essayContest, makers: makersCofunding, eea: eeaNgoGrant };

describe('publication rules', () => {
  it.each(Object.entries(seeds))('publishes the %s seed call as it is, and its body is a valid request', async (_, make) => {
    const body = make(OPENS, CLOSES);
    expect(publicationProblems(draft(body), NOW)).toEqual([]);
    const shape = await validateAs(CreateCallDto, body, { forbidUnknown: true });
    expect(shape.problems).toEqual([]);
  });

  it('returns every problem at once, each with its field path (the issue’s list and more)', () => {
    const body = essayContest('2023-01-01T00:00:00Z', '2022-12-01T00:00:00Z', {
      currency: 'XYZ',
      timeZone: 'Europe/Atlantis',
      budgetMinor: '5000000',
    });
    body.rubric.criteria[0].weightPercent = 20; // weights now sum to 90
    body.texts = { sq: body.texts.sq }; // the default language (mk) has no text
    const problems = publicationProblems(draft(body), NOW);
    const byField = (f: string) => problems.filter((p) => p.field === f).map((p) => p.reason);
    expect(byField('rubric.criteria')).toEqual(['the weights sum to 90, not 100']);
    expect(byField('awardRules.prizesMinor')[0]).toMatch(/the prizes total 6000000 minor units, more than the budget 5000000 minor units/);
    expect(byField('closesAt')).toEqual(
      expect.arrayContaining([expect.stringMatching(/in the past/), 'the call must close after it opens']),
    );
    expect(byField('opensAt')[0]).toMatch(/is in the past/);
    expect(byField('currency')).toEqual(['XYZ is not an ISO 4217 currency']);
    expect(byField('timeZone')[0]).toMatch(/not an IANA time zone/);
    expect(byField('texts.mk')).toEqual(['the default language needs a text']);
  });

  it('reads prizes over the budget in the currency when the currency is known', () => {
    const body = essayContest(OPENS, CLOSES, { budgetMinor: '5000000' });
    expect(publicationProblems(draft(body), NOW)).toMatchObject([
      { field: 'awardRules.prizesMinor', reason: 'the prizes total 60000.00 MKD, more than the budget 50000.00 MKD' },
    ]);
  });

  it('names every missing part of a bare draft', () => {
    const body = { ...essayContest(OPENS, CLOSES) };
    for (const k of ['eligibility', 'form', 'rubric', 'evaluation', 'awardRules', 'paymentPolicy', 'appealWindowDays', 'funder', 'submissionLanguages']) {
      delete body[k];
    }
    expect(fields(body).sort()).toEqual(
      ['appealWindowDays', 'awardRules', 'eligibility', 'evaluation', 'form', 'funder', 'paymentPolicy', 'rubric', 'submissionLanguages'].sort(),
    );
  });

  it('opens on publication: then only the closing instant must be ahead', () => {
    expect(fields(essayContest(ON_PUBLICATION, CLOSES))).toEqual([]);
    expect(fields(essayContest(ON_PUBLICATION, '2023-02-01T09:00:00Z'))).toEqual(['closesAt']);
  });

  describe('per kind', () => {
    it('an essay contest is blind, ranks prizes, pays once, and states ages, consent and the word limit', () => {
      const body = essayContest(OPENS, CLOSES);
      body.evaluation.blind = false;
      body.awardRules = { mode: 'POOL', poolMinor: '6000000', reserveListLength: 0 };
      body.paymentPolicy = { tranches: [{ percent: 50, trigger: 'ON_AGREEMENT_SIGNED' }, { percent: 50, trigger: 'ON_FINAL_REPORT_APPROVED' }] };
      body.eligibility = { applicantTypes: ['STUDENT'], ageRange: { minAge: 14 }, onePerApplicant: true };
      expect(fields(body).sort()).toEqual(
        [
          'awardRules.mode',
          'eligibility.ageRange',
          'eligibility.guardianConsentUnderAge',
          'eligibility.wordLimits.maxWords',
          'evaluation.blind',
          'paymentPolicy.tranches',
        ].sort(),
      );
    });

    it('prizes are positive and do not grow with rank', () => {
      const body = essayContest(OPENS, CLOSES, { awardRules: { mode: 'RANKED_PRIZES', prizesMinor: ['1000000', '2000000', '0'], reserveListLength: 0 } });
      expect(publicationProblems(draft(body), NOW).map((p) => p.field)).toEqual(['awardRules.prizesMinor[1]', 'awardRules.prizesMinor[2]']);
    });

    it('co-funding names municipalities (once each), the co-funding share, the largest request and at least one initiative', () => {
      const body = makersCofunding(OPENS, CLOSES);
      body.eligibility = { applicantTypes: ['INFORMAL_GROUP'], partnerMunicipalities: [], onePerApplicant: true };
      body.awardRules = { mode: 'POOL', poolMinor: '20000000', reserveListLength: 0 };
      expect(fields(body).sort()).toEqual(
        ['awardRules.minAwards', 'eligibility.minCoFundingPercent', 'eligibility.partnerMunicipalities', 'eligibility.requestedAmount.maxMinor'].sort(),
      );
      const twice = makersCofunding(OPENS, CLOSES);
      twice.eligibility.partnerMunicipalities = ['Trebinje', 'Brčko', 'TREBINJE '];
      expect(fields(twice)).toEqual(['eligibility.partnerMunicipalities[2]']);
    });

    it('co-funding: the minimum number of initiatives must fit the pool at the smallest request', () => {
      const body = makersCofunding(OPENS, CLOSES);
      body.awardRules.minAwards = 41; // 41 × USD 5,000 > USD 200,000
      expect(publicationProblems(draft(body), NOW)).toMatchObject([
        { field: 'awardRules.minAwards', reason: '41 awards of at least 5000.00 USD do not fit in the pool 200000.00 USD' },
      ]);
    });

    it('an NGO grant states the request range, and its last tranche waits for the final report', () => {
      const body = eeaNgoGrant(OPENS, CLOSES);
      delete body.eligibility.requestedAmount;
      body.paymentPolicy.tranches = [
        { percent: 80, trigger: 'ON_AGREEMENT_SIGNED' },
        { percent: 20, trigger: 'ON_INTERIM_REPORT_APPROVED' },
      ];
      expect(fields(body).sort()).toEqual(
        ['eligibility.requestedAmount.maxMinor', 'eligibility.requestedAmount.minMinor', 'paymentPolicy.tranches[1].trigger'].sort(),
      );
    });

    it('requests above the maximum award are refused', () => {
      const body = eeaNgoGrant(OPENS, CLOSES);
      body.awardRules.maxPerAwardMinor = '1000000';
      expect(fields(body)).toEqual(['eligibility.requestedAmount.maxMinor']);
    });
  });

  describe('rubric and evaluation', () => {
    it('weights with cents sum exactly; maxima sit on the step grid; thresholds within range', () => {
      const body = eeaNgoGrant(OPENS, CLOSES);
      body.rubric.criteria[0].weightPercent = 35.49;
      body.rubric.criteria[1].maxScore = 10.1;
      body.rubric.criteria[2].threshold = 11;
      body.rubric.passMark = 101;
      const problems = publicationProblems(draft(body), NOW);
      expect(problems).toEqual(
        expect.arrayContaining([
          { field: 'rubric.criteria', code: 'SUM_MISMATCH', params: { expected: 100, actual: 99.99 }, reason: 'the weights sum to 99.99, not 100' },
          expect.objectContaining({ field: 'rubric.criteria[1].step', reason: 'the maximum 10.1 is not a multiple of the step 0.25' }),
          { field: 'rubric.criteria[2].threshold', code: 'MAX', params: { max: 10 }, reason: 'the threshold must be between 0 and the maximum 10' },
          expect.objectContaining({ field: 'rubric.passMark', reason: 'the pass mark is a weighted total between 0 and 100' }),
        ]),
      );
      expect(problems).toHaveLength(4);
    });

    it('a divergence rule needs a threshold and two evaluators; tie-breaks name real criteria, once', () => {
      const body = makersCofunding(OPENS, CLOSES);
      body.evaluation = {
        evaluatorsPerEntry: 1,
        blind: false,
        divergence: { mode: 'CONSENSUS' },
        tieBreak: [{ by: 'CRITERION_MEAN', criterionId: 'beauty' }, { by: 'REFERENCE' }, { by: 'REFERENCE' }, { by: 'EARLIER_SUBMISSION', criterionId: 'x' }],
      };
      expect(fields(body).sort()).toEqual(
        [
          'evaluation.divergence.thresholdPercent',
          'evaluation.evaluatorsPerEntry',
          'evaluation.tieBreak[0].criterionId',
          'evaluation.tieBreak[2]',
          'evaluation.tieBreak[3].criterionId',
        ].sort(),
      );
    });

    it('duplicate criterion ids and form keys are named', () => {
      const body = essayContest(OPENS, CLOSES);
      body.rubric.criteria[3].id = 'relevance';
      body.form.attachments[0].key = 'essay';
      expect(fields(body).sort()).toEqual(['form.attachments[0].key', 'rubric.criteria[3].id']);
    });
  });

  describe('payment policy', () => {
    it('tranches sum to exactly 100% in trigger order, with one advance and one final', () => {
      const body = eeaNgoGrant(OPENS, CLOSES);
      body.paymentPolicy.tranches = [
        { percent: 40.5, trigger: 'ON_FINAL_REPORT_APPROVED' },
        { percent: 40, trigger: 'ON_AGREEMENT_SIGNED' },
        { percent: 10, trigger: 'ON_AGREEMENT_SIGNED' },
        { percent: 9, trigger: 'ON_FINAL_REPORT_APPROVED' },
      ];
      expect(fields(body).sort()).toEqual(
        [
          'paymentPolicy.tranches',
          'paymentPolicy.tranches[1].trigger',
          'paymentPolicy.tranches[2].trigger',
          'paymentPolicy.tranches[2].trigger',
          'paymentPolicy.tranches[3].trigger',
        ].sort(),
      );
    });
  });

  describe('programme budget', () => {
    const programme = { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', currency: 'USD', budgetMinor: 42_500_000n, committedMinor: 30_000_000n };

    it('the calls of a programme may not exceed its budget', () => {
      const body = makersCofunding(OPENS, CLOSES, { programmeId: programme.id });
      expect(publicationProblems(draft(body), NOW, { ...programme, committedMinor: 22_500_000n })).toEqual([]);
      expect(publicationProblems(draft(body), NOW, programme)).toMatchObject([
        { field: 'budgetMinor', reason: "200000.00 USD exceeds what is left of the programme's budget: 125000.00 USD" },
      ]);
    });

    it('a programme in another currency, or none at all, is named', () => {
      const body = eeaNgoGrant(OPENS, CLOSES, { programmeId: programme.id });
      expect(fields(body, NOW)).toEqual([]);
      expect(publicationProblems(draft(body), NOW, programme).map((p) => p.field)).toEqual(['currency']);
      expect(publicationProblems(draft(body), NOW, null).map((p) => p.field)).toEqual(['programmeId']);
    });
  });

  describe('languages', () => {
    it('knows the platform’s languages and refuses unknown codes; the default text is complete', () => {
      const body = essayContest(OPENS, CLOSES, { submissionLanguages: ['mk', 'xx', 'mk'] });
      body.texts.qq = { title: 'Nothing' };
      body.texts.mk = { title: ' ', summary: '' };
      expect(fields(body).sort()).toEqual(
        ['submissionLanguages[1]', 'submissionLanguages[2]', 'texts.mk.body', 'texts.mk.summary', 'texts.mk.title', 'texts.qq'].sort(),
      );
    });
  });
});
