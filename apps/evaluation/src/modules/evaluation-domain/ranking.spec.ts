import { rankEntries, RankingCandidate, TieBreakRule } from './ranking';
import { shuffled } from './test/reference-programmes';

const candidate = (over: Partial<RankingCandidate> & { entryId: string }): RankingCandidate => ({
  reference: over.entryId.toUpperCase(),
  submittedAt: '2023-05-01T10:00:00+02:00',
  finalHundredths: 7000,
  passed: true,
  criterionMeans: {},
  ...over,
});

const ORDER: TieBreakRule[] = [
  { by: 'CRITERION_MEAN', criterionId: 'theme' },
  { by: 'CRITERION_MEAN', criterionId: 'originality' },
  { by: 'EARLIER_SUBMISSION' },
  { by: 'REFERENCE' },
];

describe('rankEntries', () => {
  it('ranks by final score, highest first', () => {
    const r = rankEntries([candidate({ entryId: 'a', finalHundredths: 6000 }), candidate({ entryId: 'b', finalHundredths: 8000 })], ORDER);
    expect(r.ranked.map((x) => [x.position, x.entryId])).toEqual([
      [1, 'b'],
      [2, 'a'],
    ]);
    expect(r.ties).toEqual([]);
  });

  it('resolves all-equal scores by the tie-break order and says which rule decided each tie', () => {
    const theme = (sum: number) => ({ theme: { sumHundredths: sum, count: 2 } });
    const candidates = [
      // Highest theme mean.
      candidate({ entryId: 'e1', reference: 'MK-ESSAY-2023-09', criterionMeans: { ...theme(1700), originality: { sumHundredths: 1000, count: 2 } } }),
      // Same theme, higher originality.
      candidate({ entryId: 'e2', reference: 'MK-ESSAY-2023-08', criterionMeans: { ...theme(1600), originality: { sumHundredths: 1500, count: 2 } } }),
      // Same theme and originality, earlier submission.
      candidate({
        entryId: 'e3',
        reference: 'MK-ESSAY-2023-07',
        submittedAt: '2023-05-01T09:59:59+02:00',
        criterionMeans: { ...theme(1600), originality: { sumHundredths: 1400, count: 2 } },
      }),
      // Equal on everything but the reference.
      candidate({ entryId: 'e4', reference: 'MK-ESSAY-2023-05', criterionMeans: { ...theme(1600), originality: { sumHundredths: 1400, count: 2 } } }),
      candidate({ entryId: 'e5', reference: 'MK-ESSAY-2023-06', criterionMeans: { ...theme(1600), originality: { sumHundredths: 1400, count: 2 } } }),
    ];
    const r = rankEntries(candidates, ORDER);
    expect(r.ranked.map((x) => x.entryId)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(r.ties.map((t) => [t.position, t.aboveEntryId, t.belowEntryId, t.decidedBy])).toEqual([
      [1, 'e1', 'e2', { by: 'CRITERION_MEAN', criterionId: 'theme' }],
      [2, 'e2', 'e3', { by: 'CRITERION_MEAN', criterionId: 'originality' }],
      [3, 'e3', 'e4', { by: 'EARLIER_SUBMISSION' }],
      [4, 'e4', 'e5', { by: 'REFERENCE' }],
    ]);
    expect(r.ties[0].reason).toBe('MK-ESSAY-2023-09 above MK-ESSAY-2023-08 at 70.00: higher mean on theme (8.50 vs 8.00)');
    // Same result whatever the input order.
    for (const seed of [1, 2, 3, 4, 5]) expect(rankEntries(shuffled(candidates, seed), ORDER)).toEqual(r);
  });

  it('compares instants, not strings, and means exactly', () => {
    const r = rankEntries(
      [
        // 10:00 in Skopje is 08:00 UTC: later than 07:30 UTC.
        candidate({ entryId: 'late', submittedAt: '2023-05-01T10:00:00+02:00' }),
        candidate({ entryId: 'early', submittedAt: '2023-05-01T07:30:00Z' }),
      ],
      [{ by: 'EARLIER_SUBMISSION' }],
    );
    expect(r.ranked.map((x) => x.entryId)).toEqual(['early', 'late']);
    // 20/3 = 6.666… < 667/100 = 6.67.
    const m = rankEntries(
      [
        candidate({ entryId: 'x', criterionMeans: { c: { sumHundredths: 2000, count: 3 } } }),
        candidate({ entryId: 'y', criterionMeans: { c: { sumHundredths: 66700, count: 100 } } }),
        candidate({ entryId: 'z' }),
      ],
      [{ by: 'CRITERION_MEAN', criterionId: 'c' }],
    );
    // An entry without the criterion loses to any that has it.
    expect(m.ranked.map((x) => x.entryId)).toEqual(['y', 'x', 'z']);
  });

  it('always ends with the reference and then the entry id, so no tie survives', () => {
    const r = rankEntries([candidate({ entryId: 'b', reference: 'R' }), candidate({ entryId: 'a', reference: 'R' })], []);
    expect(r.ranked.map((x) => x.entryId)).toEqual(['a', 'b']);
    expect(r.ties[0].decidedBy).toEqual({ by: 'ENTRY_ID' });
  });

  it('refuses a bad instant or a duplicate entry', () => {
    expect(() => rankEntries([candidate({ entryId: 'a', submittedAt: 'yesterday' })], ORDER)).toThrow(/ISO 8601/);
    expect(() => rankEntries([candidate({ entryId: 'a' }), candidate({ entryId: 'a' })], ORDER)).toThrow(/Duplicate/);
  });
});
