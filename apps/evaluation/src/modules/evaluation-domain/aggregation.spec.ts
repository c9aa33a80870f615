import { entryOutcome, Rubric, scoreSheet, validateRubric, validateScoreSheet } from './aggregation';
import { MK_ESSAY_RUBRIC } from './test/reference-programmes';

describe('validateRubric', () => {
  it('accepts the MK essay rubric', () => {
    expect(validateRubric(MK_ESSAY_RUBRIC)).toEqual([]);
  });

  it('names every problem at once', () => {
    const rubric: Rubric = {
      criteria: [
        { id: 'a', weightPercent: 50, maxScore: 10, step: 3 },
        { id: 'a', weightPercent: 40.5, maxScore: 5, step: 1, threshold: 6 },
        { id: 'c', weightPercent: 0, maxScore: -1, step: 0.001 },
      ],
      passMark: 101,
    };
    expect(validateRubric(rubric).map((p) => [p.field, p.reason])).toEqual([
      ['criteria[0].maxScore', 'must be a multiple of the step 3'],
      ['criteria[1].id', 'duplicate criterion id "a"'],
      ['criteria[1].threshold', 'must be between 0 and 5'],
      ['criteria[2].weightPercent', 'must be a positive number with at most 2 decimals'],
      ['criteria[2].maxScore', 'must be a positive number with at most 2 decimals'],
      ['criteria[2].step', 'must be a positive number with at most 2 decimals'],
      ['criteria', 'weights must sum to 100, they sum to 90.50'],
      ['passMark', 'must be between 0 and 100 with at most 2 decimals'],
    ]);
  });
});

describe('validateScoreSheet', () => {
  it('returns every problem with its field at once', () => {
    const problems = validateScoreSheet(MK_ESSAY_RUBRIC, {
      scores: { theme: 3.5, originality: 10.5, extra: 1 },
      comments: { theme: '   ' },
    });
    expect(problems).toEqual([
      { field: 'comments.theme', code: 'COMMENT_REQUIRED', reason: 'a comment is required for a score below 4.00' },
      { field: 'scores.originality', code: 'OUT_OF_RANGE', reason: 'must be between 0 and 10.00' },
      { field: 'scores.language', code: 'MISSING', reason: 'a score is required' },
      { field: 'scores.extra', code: 'UNKNOWN_CRITERION', reason: 'not a criterion of this rubric' },
    ]);
  });

  it('checks the step grid and refuses more than two decimals or a non-number', () => {
    const problems = validateScoreSheet(MK_ESSAY_RUBRIC, {
      scores: { theme: 7.25, originality: 7.125, language: Number.NaN },
    });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['scores.theme', 'OFF_STEP'],
      ['scores.originality', 'NOT_A_NUMBER'],
      ['scores.language', 'NOT_A_NUMBER'],
    ]);
  });

  it('lets a draft leave scores out but still checks what is there', () => {
    expect(validateScoreSheet(MK_ESSAY_RUBRIC, { scores: { theme: 6 } }, { requireAll: false })).toEqual([]);
    expect(validateScoreSheet(MK_ESSAY_RUBRIC, { scores: { theme: -1 } }, { requireAll: false })).toHaveLength(1);
  });

  it('is satisfied by a comment below the threshold', () => {
    const sheet = { scores: { theme: 3, originality: 8, language: 8 }, comments: { theme: 'Тemата е само допрена.' } };
    expect(validateScoreSheet(MK_ESSAY_RUBRIC, sheet)).toEqual([]);
  });
});

describe('scoreSheet', () => {
  it('computes the weighted total exactly in hundredths', () => {
    // 40 × 7.5/10 + 30 × 8/10 + 30 × 6.5/10 = 30 + 24 + 19.5
    const r = scoreSheet(MK_ESSAY_RUBRIC, { scores: { theme: 7.5, originality: 8, language: 6.5 } });
    expect(r).toEqual({
      totalHundredths: 7350,
      criterionHundredths: { theme: 750, originality: 800, language: 650 },
      thresholdFailures: [],
      passed: true,
    });
  });

  it('rounds once, half up, at the end', () => {
    // 12.5 × 1/4 = 3.125 points = 312.5 hundredths → 313.
    const rubric: Rubric = {
      criteria: [
        { id: 'a', weightPercent: 12.5, maxScore: 4, step: 1 },
        { id: 'b', weightPercent: 87.5, maxScore: 10, step: 1 },
      ],
      passMark: 0,
    };
    expect(scoreSheet(rubric, { scores: { a: 1, b: 0 } }).totalHundredths).toBe(313);
    // Thirds: 100 × 1/3 = 33.333… → 3333; 100 × 2/3 = 66.666… → 6667.
    const thirds: Rubric = { criteria: [{ id: 'x', weightPercent: 100, maxScore: 3, step: 1 }], passMark: 0 };
    expect(scoreSheet(thirds, { scores: { x: 1 } }).totalHundredths).toBe(3333);
    expect(scoreSheet(thirds, { scores: { x: 2 } }).totalHundredths).toBe(6667);
    // Float traps stay exact: 0.1 + 0.2 on a 0.1 grid, 7.55 on a 0.05 grid.
    const fine: Rubric = {
      criteria: [
        { id: 'p', weightPercent: 50, maxScore: 1, step: 0.1 },
        { id: 'q', weightPercent: 50, maxScore: 10, step: 0.05 },
      ],
      passMark: 0,
    };
    expect(scoreSheet(fine, { scores: { p: 0.3, q: 7.55 } }).totalHundredths).toBe(1500 + 3775);
  });

  it('fails an entry below a criterion threshold even with a high total, and passes exactly at the pass mark', () => {
    const low = scoreSheet(MK_ESSAY_RUBRIC, { scores: { theme: 3.5, originality: 10, language: 10 }, comments: { theme: 'weak on theme' } });
    expect(low).toMatchObject({ totalHundredths: 7400, thresholdFailures: ['theme'], passed: false });
    // 40 × 5/10 + 30 × 5/10 + 30 × 5/10 = 50.00 = the pass mark.
    expect(scoreSheet(MK_ESSAY_RUBRIC, { scores: { theme: 5, originality: 5, language: 5 } }).passed).toBe(true);
    expect(scoreSheet(MK_ESSAY_RUBRIC, { scores: { theme: 5, originality: 5, language: 4.5 } }).passed).toBe(false);
  });

  it('throws on an invalid sheet, naming the problems', () => {
    expect(() => scoreSheet(MK_ESSAY_RUBRIC, { scores: { theme: 5 } })).toThrow(/scores.originality: a score is required/);
  });
});

describe('entryOutcome', () => {
  it('keeps exact per-criterion means and fails a criterion whose mean is below its threshold', () => {
    const a = scoreSheet(MK_ESSAY_RUBRIC, { scores: { theme: 3.5, originality: 9, language: 9 }, comments: { theme: 'thin' } });
    const b = scoreSheet(MK_ESSAY_RUBRIC, { scores: { theme: 4, originality: 8, language: 8 } });
    const out = entryOutcome(MK_ESSAY_RUBRIC, [a, b], 6500);
    expect(out.criterionMeans).toEqual({
      theme: { sumHundredths: 750, count: 2 },
      originality: { sumHundredths: 1700, count: 2 },
      language: { sumHundredths: 1700, count: 2 },
    });
    // Mean theme 3.75 < 4.
    expect(out).toMatchObject({ thresholdFailures: ['theme'], passed: false });
    const c = scoreSheet(MK_ESSAY_RUBRIC, { scores: { theme: 4.5, originality: 8, language: 8 } });
    expect(entryOutcome(MK_ESSAY_RUBRIC, [a, c], 6500)).toMatchObject({ thresholdFailures: [], passed: true });
  });
});
