import { entryOutcome, scoreSheet, ScoreSheet, SheetResult } from './aggregation';
import { assign, CurrentAssignment, PanelEvaluator } from './assignment';
import { conflictedEvaluatorIdsByEntry, findConflicts } from './conflicts';
import { decideDivergence, DivergenceRule } from './divergence';
import { rankEntries, RankingCandidate } from './ranking';
import { select } from './selection';
import {
  MK_ESSAY_CURRENCY,
  MK_ESSAY_RUBRIC,
  MK_PRIZES_MINOR,
  mkEssayParties,
  mkEssays,
  mkJury,
} from './test/reference-programmes';

/**
 * The MK essay contest through the pure core, in the order the orchestration runs it:
 * conflicts → assignment → scoring → divergence (a third juror) → outcome → ranking → prizes.
 */
describe('MK essay contest through the pure core', () => {
  const EEA: DivergenceRule = { mode: 'ADDITIONAL_EVALUATOR', thresholdPercent: 30 };
  const DIVERGENT = 'mk-essay-05';
  /** The second juror on the divergent essay, known once assigned. */
  let lowJuror = 0;

  /** Deterministic sheets on the 0.5 grid; one juror disagrees sharply on essay 05. */
  function sheetFor(entryId: string, jurorId: string): ScoreSheet {
    const i = Number(entryId.slice(-2));
    const j = Number(jurorId.slice(-1));
    if (entryId === DIVERGENT && j === lowJuror) return { scores: { theme: 3, originality: 3, language: 4 }, comments: { theme: 'Темата не е обработена.' } };
    const base = 5 + ((i * 7) % 9) / 2;
    const jitter = ((i + j) % 3) / 2;
    const clamp = (x: number) => Math.min(10, x);
    return { scores: { theme: clamp(base + jitter), originality: clamp(base), language: clamp(base + 0.5) } };
  }
  it('staffs, scores, draws a third juror for the divergent pair, ranks and awards three prizes', () => {
    const jury = mkJury();
    const essays = mkEssays();
    const conflicts = conflictedEvaluatorIdsByEntry(findConflicts(jury, essays.map(mkEssayParties)));
    const panel: PanelEvaluator[] = jury.map(({ id, languages, loadCap }) => ({ id, languages, loadCap }));
    const entries = essays.map((e) => ({ id: e.entryId, language: e.language, conflictedEvaluatorIds: conflicts.get(e.entryId) ?? [] }));
    const first = assign({ evaluators: panel, entries, evaluatorsPerEntry: 2 });
    expect(first.shortfalls).toEqual([]);

    const onEntry = (id: string, list: readonly { entryId: string; evaluatorId: string }[]) =>
      list.filter((a) => a.entryId === id).map((a) => a.evaluatorId);
    lowJuror = Number(onEntry(DIVERGENT, first.assignments)[1].slice(-1));

    const results = new Map<string, Map<string, SheetResult>>();
    const score = (entryId: string, jurorId: string) => {
      const m = results.get(entryId) ?? new Map<string, SheetResult>();
      m.set(jurorId, scoreSheet(MK_ESSAY_RUBRIC, sheetFor(entryId, jurorId)));
      results.set(entryId, m);
    };
    for (const a of first.assignments) score(a.entryId, a.evaluatorId);

    const decide = (entryId: string) =>
      decideDivergence({
        rule: EEA,
        required: 2,
        totals: [...results.get(entryId)!].map(([evaluatorId, r]) => ({ evaluatorId, totalHundredths: r.totalHundredths })),
      });
    const needThird = essays.filter((e) => decide(e.entryId).status === 'NEEDS_ANOTHER_EVALUATOR').map((e) => e.entryId);
    expect(needThird).toEqual([DIVERGENT]);

    // The orchestration asks for one more juror: same rules, existing assignments kept.
    const existing: CurrentAssignment[] = first.assignments.map((a) => ({ ...a, submitted: true }));
    const third = assign({
      evaluators: panel,
      entries: entries.filter((e) => e.id === DIVERGENT).map((e) => ({ ...e, required: 3 })),
      evaluatorsPerEntry: 2,
      existing,
    });
    expect(third.assignments).toHaveLength(1);
    expect(onEntry(DIVERGENT, first.assignments)).not.toContain(third.assignments[0].evaluatorId);
    score(DIVERGENT, third.assignments[0].evaluatorId);
    const d = decide(DIVERGENT);
    expect(d).toMatchObject({ status: 'FINAL', source: 'CLOSEST' });
    if (d.status !== 'FINAL') throw new Error('unreachable');
    expect(d.countedEvaluatorIds).not.toContain(`juror-${lowJuror}`);

    const candidates: RankingCandidate[] = essays.map((e) => {
      const decision = decide(e.entryId);
      if (decision.status !== 'FINAL') throw new Error(`${e.entryId} not final`);
      const counted = decision.countedEvaluatorIds.map((id) => results.get(e.entryId)!.get(id)!);
      const outcome = entryOutcome(MK_ESSAY_RUBRIC, counted, decision.finalHundredths);
      return {
        entryId: e.entryId,
        reference: e.reference,
        submittedAt: e.submittedAt,
        finalHundredths: outcome.finalHundredths,
        passed: outcome.passed,
        criterionMeans: outcome.criterionMeans,
      };
    });
    const ranking = rankEntries(candidates, [{ by: 'CRITERION_MEAN', criterionId: 'theme' }, { by: 'EARLIER_SUBMISSION' }]);
    const selection = select(
      { kind: 'ESSAY_CONTEST', currency: MK_ESSAY_CURRENCY, prizesMinor: MK_PRIZES_MINOR, reserveSize: 3 },
      ranking.ranked,
    );
    expect(selection.awards.map((a) => a.prizeRank)).toEqual([1, 2, 3]);
    expect(selection.awards.map((a) => a.entryId)).toEqual(ranking.ranked.filter((r) => r.passed).slice(0, 3).map((r) => r.entryId));
    expect(selection.reserve).toHaveLength(3);
    expect(selection.remainingMinor).toBe(0n);
  });
});
