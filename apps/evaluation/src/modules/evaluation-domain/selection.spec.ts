import { CALL_KINDS, CallKind } from '@grants/contracts';
import { BudgetRules, promoteFromReserve, select, SelectionCandidate, SelectionKind, SelectionResult } from './selection';
import {
  MAKERS_CURRENCY,
  MAKERS_MIN_AWARDS,
  MAKERS_POOL_MINOR,
  makersProposals,
  MK_ESSAY_CURRENCY,
  MK_PRIZES_MINOR,
  mkEssays,
  seededRandom,
  shuffled,
} from './test/reference-programmes';

/** Ranked candidates in the given order: position 1 first, scores falling by 1.00 unless given. */
function ranked(items: { entryId: string; requestedMinor?: bigint; passed?: boolean; finalHundredths?: number }[]): SelectionCandidate[] {
  return items.map((x, i) => ({
    entryId: x.entryId,
    position: i + 1,
    finalHundredths: x.finalHundredths ?? 9000 - i * 100,
    passed: x.passed ?? true,
    ...(x.requestedMinor !== undefined ? { requestedMinor: x.requestedMinor } : {}),
  }));
}

const sum = (xs: readonly { amountMinor: bigint }[]) => xs.reduce((a, x) => a + x.amountMinor, 0n);

/** Money is never over the pool: active awards + remaining + unrecovered = pool. */
function expectBalanced(s: SelectionResult) {
  const lost = s.released.reduce((a, r) => a + r.award.amountMinor - r.recoveredMinor, 0n);
  expect(sum(s.awards) + s.remainingMinor + lost).toBe(s.poolMinor);
  expect(s.remainingMinor >= 0n).toBe(true);
}

describe('SelectionKind', () => {
  it('is exactly the call kinds of the contracts', () => {
    // Compile-time both ways, then at run time: the domain keeps no import of the contracts lib.
    const fromContracts: readonly SelectionKind[] = CALL_KINDS;
    const toContracts: CallKind = 'NGO_GRANT' as SelectionKind;
    expect(fromContracts).toEqual(['ESSAY_CONTEST', 'LOCAL_INITIATIVE_COFUNDING', 'NGO_GRANT']);
    expect(toContracts).toBe('NGO_GRANT');
  });
});

describe('select: ESSAY_CONTEST', () => {
  const rules = { kind: 'ESSAY_CONTEST' as const, currency: MK_ESSAY_CURRENCY, prizesMinor: MK_PRIZES_MINOR, reserveSize: 2 };

  it('gives the three ranked prizes to the top three passing essays, skipping one that failed', () => {
    const essays = mkEssays().slice(0, 6);
    const s = select(rules, ranked(essays.map((e, i) => ({ entryId: e.entryId, passed: i !== 1 }))));
    expect(s.awards).toEqual([
      { entryId: 'mk-essay-01', position: 1, amountMinor: 1_200_000n, prizeRank: 1, via: 'SELECTION' },
      { entryId: 'mk-essay-03', position: 3, amountMinor: 800_000n, prizeRank: 2, via: 'SELECTION' },
      { entryId: 'mk-essay-04', position: 4, amountMinor: 500_000n, prizeRank: 3, via: 'SELECTION' },
    ]);
    expect(s.reserve.map((r) => r.entryId)).toEqual(['mk-essay-05', 'mk-essay-06']);
    expect(s.remainingMinor).toBe(0n);
    expect(s.unawardedPrizeRanks).toEqual([]);
    expectBalanced(s);
  });

  it('settles a tie at the last prize by rank order and reports it', () => {
    // Third and fourth share 72.50; the ranking's tie-break put mk-essay-03 third.
    const s = select(
      rules,
      ranked([
        { entryId: 'mk-essay-01', finalHundredths: 9000 },
        { entryId: 'mk-essay-02', finalHundredths: 8000 },
        { entryId: 'mk-essay-03', finalHundredths: 7250 },
        { entryId: 'mk-essay-04', finalHundredths: 7250 },
      ]),
    );
    expect(s.awards.map((a) => [a.entryId, a.prizeRank])).toEqual([
      ['mk-essay-01', 1],
      ['mk-essay-02', 2],
      ['mk-essay-03', 3],
    ]);
    expect(s.lineTies).toEqual([
      {
        finalHundredths: 7250,
        awardedEntryIds: ['mk-essay-03'],
        notAwardedEntryIds: ['mk-essay-04'],
        message:
          '2 passing entries share 72.50 across the award line: mk-essay-03 awarded, mk-essay-04 not ' +
          '(rank order from the tie-break rules, then what the money allowed)',
      },
    ]);
  });

  it('leaves prizes unawarded when too few essays pass', () => {
    const s = select(rules, ranked([{ entryId: 'a' }, { entryId: 'b', passed: false }]));
    expect(s.awards.map((a) => a.prizeRank)).toEqual([1]);
    expect(s.unawardedPrizeRanks).toEqual([2, 3]);
    expect(s.remainingMinor).toBe(1_300_000n);
    expectBalanced(s);
  });

  it('passes a declined prize to the first reserve essay, without reshuffling the others', () => {
    const s = select(rules, ranked(mkEssays().slice(0, 6).map((e) => ({ entryId: e.entryId }))));
    const p = promoteFromReserve(s, { entryId: 'mk-essay-02', kind: 'DECLINED' });
    expect(p.promoted).toEqual([{ entryId: 'mk-essay-04', position: 4, amountMinor: 800_000n, prizeRank: 2, via: 'PROMOTION' }]);
    expect(p.selection.awards.map((a) => [a.entryId, a.prizeRank])).toEqual([
      ['mk-essay-01', 1],
      ['mk-essay-03', 3],
      ['mk-essay-04', 2],
    ]);
    expect(p.selection.reserve.map((r) => r.entryId)).toEqual(['mk-essay-05']);
    expectBalanced(p.selection);
    // A prize already paid and revoked without recovery frees no money: nobody is promoted.
    const q = promoteFromReserve(p.selection, { entryId: 'mk-essay-01', kind: 'REVOKED', recoveredMinor: 0n });
    expect(q.promoted).toEqual([]);
    expect(q.selection.unawardedPrizeRanks).toEqual([1]);
    expect(q.message).toBe('mk-essay-01 revoked (12000.00 MKD, 12000.00 MKD not recovered); nobody promoted');
    expectBalanced(q.selection);
  });
});

describe('select: LOCAL_INITIATIVE_COFUNDING (MAKERS)', () => {
  const rules: BudgetRules = {
    kind: 'LOCAL_INITIATIVE_COFUNDING',
    currency: MAKERS_CURRENCY,
    poolMinor: MAKERS_POOL_MINOR,
    minAwards: MAKERS_MIN_AWARDS,
    reserveSize: 5,
  };
  const makers = () => ranked(makersProposals().map((p) => ({ entryId: p.entryId, requestedMinor: p.requestedMinor })));

  it('funds 9 of the 25 proposals in rank order within the pool, meeting the minimum of 8', () => {
    const s = select(rules, makers());
    expect(s.awards.map((a) => a.entryId)).toEqual(makersProposals().slice(0, 9).map((p) => p.entryId));
    expect(sum(s.awards)).toBe(39_900_000n);
    expect(s.remainingMinor).toBe(600_000n);
    expect(s.minimumAwards).toEqual({ required: 8, awarded: 9, met: true, message: '9 awards, at least 8 required: met' });
    expect(s.reserve.map((r) => r.entryId)).toEqual(['makers-10', 'makers-11', 'makers-12', 'makers-13', 'makers-14']);
    expect(s.skipped).toHaveLength(16);
    expect(s.skipped[0]).toMatchObject({ entryId: 'makers-10', reason: 'DOES_NOT_FIT_POOL' });
    expect(s.skipped[0].message).toBe('asks 50000.00 USD, only 6000.00 USD of the pool was left at its turn');
    expectBalanced(s);
  });

  it('skips an entry too large for the remaining pool for the next that fits, and keeps it on the reserve', () => {
    const s = select({ ...rules, poolMinor: 10_000_000n, minAwards: undefined }, ranked([
      { entryId: 'p1', requestedMinor: 4_000_000n },
      { entryId: 'p2', requestedMinor: 5_000_000n },
      { entryId: 'p3', requestedMinor: 4_500_000n }, // 1 000 000 left: does not fit
      { entryId: 'p4', requestedMinor: 1_000_000n }, // fits exactly
      { entryId: 'p5', requestedMinor: 1n },
    ]));
    expect(s.awards.map((a) => a.entryId)).toEqual(['p1', 'p2', 'p4']);
    expect(s.remainingMinor).toBe(0n);
    expect(s.skipped.map((x) => [x.entryId, x.reason])).toEqual([
      ['p3', 'DOES_NOT_FIT_POOL'],
      ['p5', 'DOES_NOT_FIT_POOL'],
    ]);
    expect(s.reserve.map((r) => r.entryId)).toEqual(['p3', 'p5']);
    expect(s.minimumAwards).toBeNull();
    expectBalanced(s);
  });

  it('never funds above the per-award maximum, nor keeps such an entry on the reserve', () => {
    const s = select({ ...rules, maxPerAwardMinor: 4_500_000n }, makers());
    expect(s.awards.every((a) => a.amountMinor <= 4_500_000n)).toBe(true);
    expect(s.skipped.filter((x) => x.reason === 'EXCEEDS_MAX_PER_AWARD').map((x) => x.entryId)).toContain('makers-03');
    expect(s.reserve.every((r) => (r.requestedMinor ?? 0n) <= 4_500_000n)).toBe(true);
    expectBalanced(s);
  });

  it('reports a minimum number of awards that cannot be met', () => {
    const s = select({ ...rules, poolMinor: 30_000_000n }, makers());
    expect(s.awards).toHaveLength(6);
    expect(s.minimumAwards).toMatchObject({ required: 8, awarded: 6, met: false });
    expect(s.minimumAwards!.message).toMatch(/^At least 8 awards required, 6 made: the pool funds 6 in rank order/);
    const few = select(rules, makers().map((c, i) => ({ ...c, passed: i < 5 })));
    expect(few.minimumAwards!.message).toBe('At least 8 awards required, 5 made: only 5 entries passed');
  });

  it('promotes the first reserve proposal that fits when an award is declined; those that do not fit keep their place', () => {
    const s = select(rules, makers());
    // makers-02 (45 000) declines: 51 000 USD are free. makers-10 asks 50 000 and fits; the rest (≥ 40 000) no longer do.
    const p = promoteFromReserve(s, { entryId: 'makers-02', kind: 'DECLINED' });
    expect(p.released.entryId).toBe('makers-02');
    expect(p.promoted).toEqual([{ entryId: 'makers-10', position: 10, amountMinor: 5_000_000n, via: 'PROMOTION' }]);
    expect(p.passedOver.map((r) => r.entryId)).toEqual(['makers-11', 'makers-12', 'makers-13', 'makers-14']);
    expect(p.selection.reserve.map((r) => r.entryId)).toEqual(['makers-11', 'makers-12', 'makers-13', 'makers-14']);
    expect(p.selection.remainingMinor).toBe(100_000n);
    expect(p.selection.awards).toHaveLength(9);
    expect(p.message).toBe(
      'makers-02 declined (45000.00 USD); promoted makers-10 (50000.00 USD); 4 reserve entries do not fit 1000.00 USD and keep their place',
    );
    expectBalanced(p.selection);
    // A large revocation frees room for several, in reserve order.
    const q = promoteFromReserve(p.selection, { entryId: 'makers-05', kind: 'REVOKED' });
    expect(q.promoted.map((x) => x.entryId)).toEqual(['makers-11']);
    expectBalanced(q.selection);
    expect(() => promoteFromReserve(q.selection, { entryId: 'makers-05', kind: 'DECLINED' })).toThrow(/no active award/);
  });

  it('gives the same result for shuffled candidates', () => {
    const c = makers();
    expect(select(rules, shuffled(c, 3))).toEqual(select(rules, c));
  });

  it('never commits money beyond the pool, through selection and any sequence of releases', () => {
    const rnd = seededRandom(2024);
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(rnd() * 30);
      const candidates = ranked(
        Array.from({ length: n }, (_, i) => ({
          entryId: `e-${i}`,
          requestedMinor: 1n + BigInt(Math.floor(rnd() * 5_000_000)),
          passed: rnd() > 0.2,
        })),
      );
      const pool = BigInt(Math.floor(rnd() * 40_000_000));
      let s = select({ kind: 'NGO_GRANT', currency: 'EUR', poolMinor: pool, maxPerAwardMinor: 4_000_000n, reserveSize: 10 }, candidates);
      expectBalanced(s);
      while (s.awards.length > 0 && rnd() > 0.3) {
        const a = s.awards[Math.floor(rnd() * s.awards.length)];
        const recovered = rnd() > 0.5 ? a.amountMinor : (a.amountMinor * BigInt(Math.floor(rnd() * 100))) / 100n;
        s = promoteFromReserve(s, { entryId: a.entryId, kind: 'REVOKED', recoveredMinor: recovered }).selection;
        expectBalanced(s);
        expect(s.awards.every((x) => x.amountMinor <= 4_000_000n)).toBe(true);
      }
    }
  });
});
