import { evaluationSettings } from './call-settings';
import { essaySnapshot, makersSnapshot } from './test/call-snapshots';

describe('evaluationSettings', () => {
  it('maps the essay contest to ranked prizes, blind, with its divergence rule and tie-breaks', () => {
    const r = evaluationSettings(essaySnapshot());
    expect(r.problems).toEqual([]);
    expect(r.settings).toMatchObject({
      evaluatorsPerEntry: 2,
      blind: true,
      divergence: { mode: 'ADDITIONAL_EVALUATOR', thresholdPercent: 30 },
      tieBreaks: [{ by: 'CRITERION_MEAN', criterionId: 'originality' }, { by: 'EARLIER_SUBMISSION' }],
      selection: { kind: 'ESSAY_CONTEST', currency: 'MKD', prizesMinor: [3_000_000n, 2_000_000n, 1_000_000n], reserveSize: 3 },
    });
    expect(r.settings?.rubric.criteria[0]).toEqual({ id: 'relevance', weightPercent: 30, maxScore: 10, step: 0.5, threshold: 3 });
  });

  it('maps MAKERS to a pool of the call kind with the per-award maximum and minimum number of awards', () => {
    const r = evaluationSettings(makersSnapshot());
    expect(r.settings?.selection).toEqual({
      kind: 'LOCAL_INITIATIVE_COFUNDING',
      currency: 'USD',
      poolMinor: 20_000_000n,
      maxPerAwardMinor: 2_500_000n,
      minAwards: 8,
      reserveSize: 4,
    });
    expect(r.settings?.divergence).toEqual({ mode: 'CONSENSUS', thresholdPercent: 30 });
    expect(r.settings?.blind).toBe(false);
  });

  it('funds from the budget when a pool call names no pool', () => {
    const s = makersSnapshot({ awardRules: { mode: 'POOL', reserveListLength: 2 } });
    expect(evaluationSettings(s).settings?.selection).toMatchObject({ poolMinor: 20_000_000n, reserveSize: 2 });
  });

  it('is blind when the call is, even if the evaluation settings say otherwise', () => {
    const s = makersSnapshot({ blindReview: true });
    expect(evaluationSettings(s).settings?.blind).toBe(true);
  });

  it('names everything a skeleton call lacks, at once', () => {
    const s = essaySnapshot({ rubric: undefined, evaluation: undefined, awardRules: undefined });
    expect(evaluationSettings(s).problems.map((p) => p.field)).toEqual(['rubric', 'evaluation', 'awardRules']);
  });

  it('refuses a tie-break on a criterion the rubric does not have, a bad rubric and an empty prize list', () => {
    const base = essaySnapshot();
    const s = essaySnapshot({
      rubric: { ...base.rubric!, criteria: base.rubric!.criteria.map((c, i) => (i === 0 ? { ...c, weightPercent: 31 } : c)) },
      evaluation: { ...base.evaluation!, tieBreak: [{ by: 'CRITERION_MEAN', criterionId: 'style' }] },
      awardRules: { mode: 'RANKED_PRIZES', prizesMinor: [], reserveListLength: 0 },
    });
    expect(evaluationSettings(s).problems.map((p) => p.field)).toEqual(['rubric.criteria', 'evaluation.tieBreak[0].criterionId', 'awardRules.prizesMinor']);
  });

  it('needs a threshold for a divergence rule other than NONE', () => {
    const base = essaySnapshot();
    const s = essaySnapshot({ evaluation: { ...base.evaluation!, divergence: { mode: 'CONSENSUS' } } });
    expect(evaluationSettings(s).problems).toMatchObject([
      { field: 'evaluation.divergence.thresholdPercent', reason: 'a divergence rule needs a threshold between 0 and 100' },
    ]);
  });
});
