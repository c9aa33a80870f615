import { closestTotals, decideDivergence, DivergenceRule, EvaluatorTotal } from './divergence';
import { shuffled } from './test/reference-programmes';

const EEA: DivergenceRule = { mode: 'ADDITIONAL_EVALUATOR', thresholdPercent: 30 };
const t = (evaluatorId: string, totalHundredths: number): EvaluatorTotal => ({ evaluatorId, totalHundredths });

describe('decideDivergence', () => {
  it('waits for the required scores', () => {
    expect(decideDivergence({ rule: EEA, required: 2, totals: [t('a', 8000)] })).toMatchObject({ status: 'AWAITING_SCORES', missing: 1 });
  });

  it('takes the mean of two close totals, rounded half up to hundredths', () => {
    expect(decideDivergence({ rule: EEA, required: 2, totals: [t('b', 7001), t('a', 7000)] })).toEqual({
      status: 'FINAL',
      finalHundredths: 7001,
      source: 'MEAN',
      countedEvaluatorIds: ['a', 'b'],
      stillDivergent: false,
      reason: 'mean of 2 totals',
    });
  });

  it('is strict at the threshold: exactly 30% of the higher is not divergent', () => {
    expect(decideDivergence({ rule: EEA, required: 2, totals: [t('a', 10000), t('b', 7000)] }).status).toBe('FINAL');
    expect(decideDivergence({ rule: EEA, required: 2, totals: [t('a', 10000), t('b', 6999)] }).status).toBe('NEEDS_ANOTHER_EVALUATOR');
    expect(decideDivergence({ rule: EEA, required: 2, totals: [t('a', 0), t('b', 0)] }).status).toBe('FINAL');
  });

  it('draws a third evaluator for a divergent pair, then ranks on the mean of the two closest', () => {
    const pair = [t('juror-1', 8000), t('juror-2', 5000)];
    expect(decideDivergence({ rule: EEA, required: 2, totals: pair })).toEqual({
      status: 'NEEDS_ANOTHER_EVALUATOR',
      spreadHundredths: 3000,
      reason: 'totals differ by 30.00 points, more than 30.00% of the highest: one more evaluator scores',
    });
    const three = [...pair, t('juror-3', 7500)];
    expect(decideDivergence({ rule: EEA, required: 2, totals: three })).toEqual({
      status: 'FINAL',
      finalHundredths: 7750,
      source: 'CLOSEST',
      countedEvaluatorIds: ['juror-1', 'juror-3'],
      stillDivergent: false,
      reason: 'mean of the 2 closest of 3 totals',
    });
  });

  it('breaks an equal-distance tie by the smaller relative spread, then by evaluator ids', () => {
    // 40–60 and 60–80 are both 20 apart; 20 is a smaller share of 80: the upper pair counts.
    const d = decideDivergence({ rule: EEA, required: 2, totals: [t('x', 4000), t('y', 6000), t('z', 8000)] });
    expect(d).toMatchObject({ status: 'FINAL', finalHundredths: 7000, countedEvaluatorIds: ['y', 'z'] });
    expect(closestTotals([t('c', 5000), t('a', 5000), t('b', 5000)], 2).map((x) => x.evaluatorId)).toEqual(['a', 'b']);
  });

  it('flags the counted totals when they still diverge after the third', () => {
    const d = decideDivergence({ rule: EEA, required: 2, totals: [t('a', 2000), t('b', 5000), t('c', 9000)] });
    expect(d).toMatchObject({ status: 'FINAL', finalHundredths: 3500, countedEvaluatorIds: ['a', 'b'], stillDivergent: true });
  });

  it('decides the same for shuffled totals', () => {
    const totals = [t('a', 6100), t('b', 4000), t('c', 8100), t('d', 6050)];
    const expected = decideDivergence({ rule: EEA, required: 2, totals });
    for (const seed of [1, 2, 3, 4]) expect(decideDivergence({ rule: EEA, required: 2, totals: shuffled(totals, seed) })).toEqual(expected);
    expect(expected).toMatchObject({ countedEvaluatorIds: ['a', 'd'], finalHundredths: 6075 });
  });

  it('asks the officer for a consensus score in consensus mode, then uses it', () => {
    const rule: DivergenceRule = { mode: 'CONSENSUS', thresholdPercent: 30 };
    const totals = [t('a', 9000), t('b', 4000)];
    expect(decideDivergence({ rule, required: 2, totals })).toMatchObject({ status: 'NEEDS_CONSENSUS', spreadHundredths: 5000 });
    expect(decideDivergence({ rule, required: 2, totals, consensusHundredths: 7200 })).toMatchObject({
      status: 'FINAL',
      finalHundredths: 7200,
      source: 'CONSENSUS',
    });
    expect(decideDivergence({ rule, required: 2, totals: [t('a', 9000), t('b', 8000)] })).toMatchObject({ status: 'FINAL', finalHundredths: 8500 });
  });

  it('never asks for more with mode NONE', () => {
    expect(decideDivergence({ rule: { mode: 'NONE' }, required: 2, totals: [t('a', 9000), t('b', 1000)] })).toMatchObject({
      status: 'FINAL',
      finalHundredths: 5000,
    });
  });

  it('refuses duplicate evaluators and totals off the 0–100 scale', () => {
    expect(() => decideDivergence({ rule: EEA, required: 2, totals: [t('a', 1), t('a', 2)] })).toThrow(/Duplicate/);
    expect(() => decideDivergence({ rule: EEA, required: 2, totals: [t('a', 10001)] })).toThrow(/0..10000/);
  });
});
