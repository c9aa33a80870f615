import { evaluationSettings } from './call-settings';
import { candidateOf, decideEntry, scoreEntries } from './entry-scoring';
import { EntryRecord, SheetRecord } from './evaluation.repository';
import { essaySnapshot, makersSnapshot } from './test/call-snapshots';

const essay = evaluationSettings(essaySnapshot()).settings!;
const makers = evaluationSettings(makersSnapshot()).settings!;

/** A submitted essay sheet with the same score on every criterion (total = 10 × score). */
function sheet(evaluatorId: string, score: number, over: Partial<SheetRecord> = {}): SheetRecord {
  const h = Math.round(score * 100);
  return {
    assignmentId: `a-${evaluatorId}`,
    applicationId: 'e1',
    evaluatorId,
    round: 1,
    status: 'SUBMITTED',
    scores: {},
    comments: {},
    totalHundredths: h * 10,
    criterionHundredths: { relevance: h, originality: h, language: h, structure: h },
    thresholdFailures: [],
    passed: h * 10 >= 5000,
    submittedAt: new Date(0),
    reopenedCount: 0,
    ...over,
  };
}
const entry = (round = 1): EntryRecord => ({
  applicationId: 'e1',
  callId: 'c',
  reference: 'FMZ-ESSAY-2023-0001',
  language: 'mk',
  submittedAt: '2023-05-01T10:00:00.000Z',
  round,
  eligible: true,
  requestedMinor: null,
  hasContent: true,
});

describe('entry scoring', () => {
  it('asks for a third juror on a divergent pair, then counts the two closest', () => {
    expect(decideEntry(essay, [sheet('j1', 9.5), sheet('j2', 2.5)], null).status).toBe('NEEDS_ANOTHER_EVALUATOR');
    const d = decideEntry(essay, [sheet('j1', 9.5), sheet('j2', 2.5), sheet('j3', 9)], null);
    expect(d).toMatchObject({ status: 'FINAL', source: 'CLOSEST', finalHundredths: 9250, countedEvaluatorIds: ['j1', 'j3'] });
  });

  it('lets an officer’s consensus settle an entry whose additional evaluator could not be found', () => {
    const d = decideEntry(essay, [sheet('j1', 9.5), sheet('j2', 2.5)], { scoreHundredths: 8000, note: 'Нема слободен трет оценувач.' });
    expect(d).toMatchObject({ status: 'FINAL', source: 'CONSENSUS', finalHundredths: 8000 });
  });

  it('under the consensus rule waits for the officer, then ranks on the consensus with every sheet’s criterion means', () => {
    const sheets = [sheet('a', 9.5, { applicationId: 'e1' }), sheet('b', 3, { applicationId: 'e1' })];
    const waiting = scoreEntries({ ...essay, divergence: makers.divergence }, [entry()], sheets, new Map());
    expect(waiting.get('e1')!.decision.status).toBe('NEEDS_CONSENSUS');
    const settled = scoreEntries({ ...essay, divergence: makers.divergence }, [entry()], sheets, new Map([['e1#1', { round: 1, scoreHundredths: 9000, note: 'n' }]]));
    const c = candidateOf(essay, settled.get('e1')!)!;
    expect(c).toMatchObject({ finalHundredths: 9000, passed: true });
    expect(c.criterionMeans.originality).toEqual({ sumHundredths: 1250, count: 2 });
  });

  it('counts only the current round: an appeal’s re-evaluation starts from nothing', () => {
    const old = [sheet('j1', 6), sheet('j2', 6)];
    const s = scoreEntries(essay, [entry(2)], old, new Map()).get('e1')!;
    expect(s.decision).toMatchObject({ status: 'AWAITING_SCORES', missing: 2 });
    expect(candidateOf(essay, s)).toBeNull();
    const fresh = [...old, sheet('j3', 9, { round: 2 }), sheet('j4', 9, { round: 2 })];
    expect(scoreEntries(essay, [entry(2)], fresh, new Map()).get('e1')!.decision).toMatchObject({ status: 'FINAL', finalHundredths: 9000 });
  });

  it('ignores drafts', () => {
    const s = scoreEntries(essay, [entry()], [sheet('j1', 8), sheet('j2', 8, { status: 'DRAFT' })], new Map()).get('e1')!;
    expect(s.decision).toMatchObject({ status: 'AWAITING_SCORES', missing: 1 });
  });
});
