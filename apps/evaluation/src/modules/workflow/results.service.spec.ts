import { RankedResultV1 } from '@grants/contracts';
import { rankEntries, SelectionResult } from '../evaluation-domain';
import { evaluationSettings } from './call-settings';
import { EntryRecord } from './evaluation.repository';
import { diffResults, publicRankingOf, ResultsService } from './results.service';
import { essaySnapshot, makersSnapshot } from './test/call-snapshots';

const entry = (n: number, requestedMinor: bigint | null = null): EntryRecord => ({
  applicationId: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
  callId: 'c',
  reference: `REF-${String(n).padStart(2, '0')}`,
  language: 'mk',
  submittedAt: `2023-05-${String(n).padStart(2, '0')}T10:00:00.000Z`,
  round: 1,
  eligible: true,
  requestedMinor,
  hasContent: true,
});

/** n entries scored 90, 89, … (entry 4 fails when asked). */
function rank(n: number, failing: number[] = [], requested?: (i: number) => bigint) {
  const entries = Array.from({ length: n }, (_, i) => entry(i + 1, requested ? requested(i + 1) : null));
  const { ranked, ties } = rankEntries(
    entries.map((e, i) => ({
      entryId: e.applicationId,
      reference: e.reference,
      submittedAt: e.submittedAt,
      finalHundredths: 9000 - i * 100,
      passed: !failing.includes(i + 1),
      criterionMeans: {},
    })),
    [],
  );
  return { entries, scorings: new Map(), ranking: ranked, ties, pending: [] };
}

const service = new ResultsService(null as never, null as never);

describe('results orchestration', () => {
  it('proposes the three prizes to the top three passing essays, the next on the reserve', () => {
    const settings = evaluationSettings(essaySnapshot()).settings!;
    const r = rank(8, [2]);
    const { proposal } = service.propose(settings, r, 'officer');
    expect(proposal!.selection.awards.map((a) => [a.entryId.slice(-2), a.prizeRank, a.amountMinor])).toEqual([
      ['01', 1, 3_000_000n],
      ['03', 2, 2_000_000n],
      ['04', 3, 1_000_000n],
    ]);
    expect(proposal!.selection.reserve.map((x) => x.entryId.slice(-2))).toEqual(['05', '06', '07']);
  });

  it('refuses to propose while an entry waits, naming it by reference', () => {
    const settings = evaluationSettings(essaySnapshot()).settings!;
    const r = { ...rank(2), pending: [{ field: 'entries.REF-03', code: 'NOT_ALLOWED_NOW' as const, params: { state: 'AWAITING_SCORES' }, reason: 'AWAITING_SCORES: 1 of 2 scores submitted' }] };
    expect(service.propose(settings, r, null)).toEqual({ problems: r.pending });
  });

  it('names a passing pool entry without a requested amount instead of guessing one', () => {
    const settings = evaluationSettings(makersSnapshot()).settings!;
    const r = rank(3, [], (i) => (i === 2 ? 0n : 2_000_000n));
    r.entries[1] = { ...r.entries[1], requestedMinor: null };
    expect(service.propose(settings, r, null).problems).toMatchObject([{ field: 'entries.REF-02', reason: 'no requested amount in its eligibility decision' }]);
  });

  it('overrides only with passing, ranked, affordable entries, and rebuilds the reserve in rank order', () => {
    const settings = evaluationSettings(makersSnapshot()).settings!;
    const r = rank(12, [3], () => 2_000_000n);
    const { proposal } = service.propose(settings, r, null);
    const id = (n: number) => r.entries[n - 1].applicationId;
    const bad = service.override(settings, proposal!, [id(1), id(3), id(1), '00000000-0000-4000-8000-000000000099'], r.entries);
    expect(bad.problems.map((p) => p.field)).toEqual(['awardedApplicationIds[1]', 'awardedApplicationIds[2]', 'awardedApplicationIds[3]']);
    const tooMuch = service.override(settings, proposal!, r.entries.filter((_, i) => i !== 2).map((e) => e.applicationId), r.entries);
    expect(tooMuch.problems[0].reason).toMatch(/over the pool/);
    const ok = service.override(settings, proposal!, [id(12), id(1)], r.entries);
    expect(ok.selection!.awards.map((a) => a.entryId)).toEqual([id(1), id(12)]);
    expect(ok.selection!.remainingMinor).toBe(16_000_000n);
    expect(ok.selection!.reserve.map((x) => x.entryId)).toEqual([id(2), id(4), id(5), id(6)]);
    expect(ok.selection!.minimumAwards).toMatchObject({ required: 8, awarded: 2, met: false });
  });

  it('publishes outcomes per entry without identity, and diffs two revisions to what changed', () => {
    const r = rank(5, [5]);
    const id = (n: number) => r.entries[n - 1].applicationId;
    const selection = {
      awards: [{ entryId: id(1), position: 1, amountMinor: 3_000_000n, prizeRank: 1, via: 'SELECTION' }],
      reserve: [{ entryId: id(2), position: 2, finalHundredths: 8900 }],
    } as unknown as SelectionResult;
    const before = publicRankingOf(r.ranking, selection);
    expect(before.map((x) => x.outcome)).toEqual(['AWARDED', 'RESERVE', 'NOT_SELECTED', 'NOT_SELECTED', 'FAILED']);
    expect(before[0]).toEqual({ position: 1, applicationId: id(1), reference: 'REF-01', finalHundredths: 9000, passed: true, outcome: 'AWARDED', awardAmountMinor: '3000000', prizeRank: 1 });
    const after: RankedResultV1[] = [before[0], { ...before[3], position: 2, outcome: 'RESERVE' }, { ...before[1], position: 3 }, before[2], before[4]];
    after[3] = { ...after[3], position: 4 };
    const changes = diffResults(before, after);
    expect(changes.map((c) => [c.reference, c.before?.position, c.after.position, c.after.outcome])).toEqual([
      ['REF-04', 4, 2, 'RESERVE'],
      ['REF-02', 2, 3, 'RESERVE'],
      ['REF-03', 3, 4, 'NOT_SELECTED'],
    ]);
    expect(diffResults([], [before[0]])[0]).toEqual({ applicationId: id(1), reference: 'REF-01', after: expect.objectContaining({ position: 1 }) });
  });
});
