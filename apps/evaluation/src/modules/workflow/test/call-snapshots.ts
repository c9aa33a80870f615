import type { CallPublishedV1 } from '@grants/contracts';

/**
 * Call snapshots as `calls.call.published.v1` carries them, for the reference programmes. Where the
 * seed gives no figure (prizes, rubric, pool) the fixture chooses one; the same choices as the
 * calls service's seed fixture.
 */
export function essaySnapshot(overrides: Partial<CallPublishedV1> = {}): CallPublishedV1 {
  return {
    callId: '00000000-0000-4000-8000-000000000001',
    referenceCode: 'FMZ-ESSAY-2023',
    kind: 'ESSAY_CONTEST',
    currency: 'MKD',
    budgetMinor: '6000000',
    opensAt: '2023-03-01T08:00:00.000Z',
    closesAt: '2023-05-31T21:59:00.000Z',
    timeZone: 'Europe/Skopje',
    blindReview: true,
    defaultLanguage: 'mk',
    texts: { mk: { title: 'Мојот сограѓанин од соседната улица' } },
    publishedAt: '2023-02-20T10:00:00.000Z',
    version: 1,
    rubric: {
      criteria: [
        { id: 'relevance', weightPercent: 30, maxScore: 10, step: 0.5, threshold: 3 },
        { id: 'originality', weightPercent: 30, maxScore: 10, step: 0.5 },
        { id: 'language', weightPercent: 20, maxScore: 10, step: 0.5 },
        { id: 'structure', weightPercent: 20, maxScore: 10, step: 0.5 },
      ],
      passMark: 50,
    },
    evaluation: {
      evaluatorsPerEntry: 2,
      blind: true,
      divergence: { mode: 'ADDITIONAL_EVALUATOR', thresholdPercent: 30 },
      tieBreak: [{ by: 'CRITERION_MEAN', criterionId: 'originality' }, { by: 'EARLIER_SUBMISSION' }],
    },
    awardRules: { mode: 'RANKED_PRIZES', prizesMinor: ['3000000', '2000000', '1000000'], reserveListLength: 3 },
    ...overrides,
  } as CallPublishedV1;
}

export function makersSnapshot(overrides: Partial<CallPublishedV1> = {}): CallPublishedV1 {
  return {
    callId: '00000000-0000-4000-8000-000000000002',
    referenceCode: 'MAKERS-LI-2021',
    kind: 'LOCAL_INITIATIVE_COFUNDING',
    currency: 'USD',
    budgetMinor: '20000000',
    opensAt: '2021-02-01T08:00:00.000Z',
    closesAt: '2021-03-31T21:59:00.000Z',
    timeZone: 'Europe/Sarajevo',
    blindReview: false,
    defaultLanguage: 'bs',
    texts: { bs: { title: 'Javni poziv za sufinansiranje lokalnih inicijativa' } },
    publishedAt: '2021-01-20T10:00:00.000Z',
    version: 1,
    rubric: {
      criteria: [
        { id: 'relevance', weightPercent: 40, maxScore: 20, step: 1, threshold: 8 },
        { id: 'feasibility', weightPercent: 30, maxScore: 20, step: 1 },
        { id: 'cofunding', weightPercent: 30, maxScore: 20, step: 1 },
      ],
      passMark: 60,
    },
    evaluation: {
      evaluatorsPerEntry: 2,
      blind: false,
      divergence: { mode: 'CONSENSUS', thresholdPercent: 30 },
      tieBreak: [{ by: 'CRITERION_MEAN', criterionId: 'relevance' }, { by: 'REFERENCE' }],
    },
    awardRules: { mode: 'POOL', poolMinor: '20000000', maxPerAwardMinor: '2500000', minAwards: 8, reserveListLength: 4 },
    ...overrides,
  } as CallPublishedV1;
}
