import { compareCodeUnits, divRoundHalfUp, formatHundredths, toHundredths } from './stable-order';

/**
 * Scores, weights, maxima, steps, thresholds and the pass mark are decimals with at most two
 * fractional digits (7.5, 12.25). Internally everything is an integer number of hundredths and
 * totals are exact rationals, rounded once at the end, half up, to hundredths of a point:
 * no float ever decides a pass, a rank or a prize.
 */
export interface Criterion {
  readonly id: string;
  /** Share of the total, in percent; the weights of a rubric sum to exactly 100. */
  readonly weightPercent: number;
  readonly maxScore: number;
  /** Scores are multiples of the step, from 0 to maxScore (e.g. 0.5). */
  readonly step: number;
  /** Minimum acceptable score on this criterion; below it the criterion fails and a comment is required. */
  readonly threshold?: number;
}

export interface Rubric {
  readonly criteria: readonly Criterion[];
  /** Minimum weighted total (0–100) to pass. */
  readonly passMark: number;
}

/** What an evaluator enters: a score per criterion id, and comments per criterion id. */
export interface ScoreSheet {
  readonly scores: Readonly<Record<string, number | null | undefined>>;
  readonly comments?: Readonly<Record<string, string | null | undefined>>;
}

export type ScoreProblemCode =
  | 'MISSING'
  | 'NOT_A_NUMBER'
  | 'OUT_OF_RANGE'
  | 'OFF_STEP'
  | 'UNKNOWN_CRITERION'
  | 'COMMENT_REQUIRED'
  | 'INVALID_RUBRIC';

/** One problem with one field: the shape of @grants/common's FieldProblem plus a machine code. */
export interface ScoreProblem {
  readonly field: string;
  readonly code: ScoreProblemCode;
  readonly reason: string;
}

export interface SheetResult {
  /** Weighted total on 0–100 in hundredths of a point (7850 = 78.50). */
  readonly totalHundredths: number;
  /** Each criterion's raw score in hundredths, by criterion id. */
  readonly criterionHundredths: Readonly<Record<string, number>>;
  /** Ids of criteria scored below their threshold, in rubric order. */
  readonly thresholdFailures: readonly string[];
  readonly passed: boolean;
}

/** An exact mean: sum of hundredths over a count. Compared by cross-multiplication, never divided. */
export interface ExactMean {
  readonly sumHundredths: number;
  readonly count: number;
}

export interface EntryOutcome {
  readonly finalHundredths: number;
  readonly criterionMeans: Readonly<Record<string, ExactMean>>;
  readonly thresholdFailures: readonly string[];
  readonly passed: boolean;
}

interface ScaledCriterion {
  readonly id: string;
  readonly weight: number;
  readonly max: number;
  readonly step: number;
  readonly threshold: number | null;
}

/** Every problem of a rubric at once: weights summing to 100, maxima on their step grid, thresholds in range. */
export function validateRubric(rubric: Rubric): ScoreProblem[] {
  const problems: ScoreProblem[] = [];
  const bad = (field: string, reason: string) => problems.push({ field, code: 'INVALID_RUBRIC', reason });
  if (rubric.criteria.length === 0) bad('criteria', 'a rubric needs at least one criterion');
  const ids = new Set<string>();
  let weightSum = 0;
  rubric.criteria.forEach((c, n) => {
    const f = `criteria[${n}]`;
    if (!c.id || !c.id.trim()) bad(`${f}.id`, 'must not be empty');
    else if (ids.has(c.id)) bad(`${f}.id`, `duplicate criterion id "${c.id}"`);
    ids.add(c.id);
    const w = toHundredths(c.weightPercent);
    if (w === null || w <= 0) bad(`${f}.weightPercent`, 'must be a positive number with at most 2 decimals');
    else weightSum += w;
    const max = toHundredths(c.maxScore);
    const step = toHundredths(c.step);
    if (max === null || max <= 0) bad(`${f}.maxScore`, 'must be a positive number with at most 2 decimals');
    if (step === null || step <= 0) bad(`${f}.step`, 'must be a positive number with at most 2 decimals');
    if (max !== null && max > 0 && step !== null && step > 0 && max % step !== 0) {
      bad(`${f}.maxScore`, `must be a multiple of the step ${c.step}`);
    }
    if (c.threshold !== undefined) {
      const t = toHundredths(c.threshold);
      if (t === null || t < 0 || (max !== null && t > max)) bad(`${f}.threshold`, `must be between 0 and ${c.maxScore}`);
    }
  });
  if (weightSum !== 10_000 && rubric.criteria.length > 0) {
    bad('criteria', `weights must sum to 100, they sum to ${formatHundredths(weightSum)}`);
  }
  const pass = toHundredths(rubric.passMark);
  if (pass === null || pass < 0 || pass > 10_000) bad('passMark', 'must be between 0 and 100 with at most 2 decimals');
  return problems;
}

function scaled(rubric: Rubric): ScaledCriterion[] {
  const problems = validateRubric(rubric);
  if (problems.length > 0) {
    throw new RangeError(`Invalid rubric: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`);
  }
  return rubric.criteria.map((c) => ({
    id: c.id,
    weight: toHundredths(c.weightPercent)!,
    max: toHundredths(c.maxScore)!,
    step: toHundredths(c.step)!,
    threshold: c.threshold === undefined ? null : toHundredths(c.threshold)!,
  }));
}

export interface SheetValidationOptions {
  /** False while saving a draft: missing scores are allowed, everything present is still checked. */
  readonly requireAll?: boolean;
}

/**
 * Every problem of a score sheet at once, each with its field (`scores.<id>`, `comments.<id>`), in
 * rubric order, then unknown criteria by id: within 0..max, on the step grid, every criterion
 * present, a non-blank comment for a score below the criterion's threshold.
 */
export function validateScoreSheet(rubric: Rubric, sheet: ScoreSheet, options?: SheetValidationOptions): ScoreProblem[] {
  const criteria = scaled(rubric);
  const requireAll = options?.requireAll ?? true;
  const problems: ScoreProblem[] = [];
  for (const c of criteria) {
    const field = `scores.${c.id}`;
    const raw = sheet.scores[c.id];
    if (raw === undefined || raw === null) {
      if (requireAll) problems.push({ field, code: 'MISSING', reason: 'a score is required' });
      continue;
    }
    const s = toHundredths(raw);
    if (s === null) {
      problems.push({ field, code: 'NOT_A_NUMBER', reason: 'must be a number with at most 2 decimals' });
      continue;
    }
    if (s < 0 || s > c.max) {
      problems.push({ field, code: 'OUT_OF_RANGE', reason: `must be between 0 and ${formatHundredths(c.max)}` });
      continue;
    }
    if (s % c.step !== 0) {
      problems.push({ field, code: 'OFF_STEP', reason: `must be a multiple of ${formatHundredths(c.step)}` });
      continue;
    }
    if (c.threshold !== null && s < c.threshold) {
      const comment = sheet.comments?.[c.id];
      if (typeof comment !== 'string' || comment.trim() === '') {
        problems.push({
          field: `comments.${c.id}`,
          code: 'COMMENT_REQUIRED',
          reason: `a comment is required for a score below ${formatHundredths(c.threshold)}`,
        });
      }
    }
  }
  const known = new Set(criteria.map((c) => c.id));
  for (const id of Object.keys(sheet.scores).sort(compareCodeUnits)) {
    if (!known.has(id)) problems.push({ field: `scores.${id}`, code: 'UNKNOWN_CRITERION', reason: 'not a criterion of this rubric' });
  }
  return problems;
}

/**
 * A complete, valid sheet → its weighted total: Σ weight% × score / max, computed as one exact
 * fraction and rounded once, half up, to hundredths of a point. Throws on an invalid sheet
 * (validate first to show the evaluator every problem).
 */
export function scoreSheet(rubric: Rubric, sheet: ScoreSheet): SheetResult {
  const problems = validateScoreSheet(rubric, sheet);
  if (problems.length > 0) {
    throw new RangeError(`Invalid score sheet: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`);
  }
  const criteria = scaled(rubric);
  // Σ w·s/max over criteria, as num/den with bigint: in hundredths of a point because w is in
  // hundredths of a percent and s/max is a ratio.
  let num = 0n;
  let den = 1n;
  const criterionHundredths: Record<string, number> = {};
  const thresholdFailures: string[] = [];
  for (const c of criteria) {
    const s = toHundredths(sheet.scores[c.id])!;
    criterionHundredths[c.id] = s;
    num = num * BigInt(c.max) + den * BigInt(c.weight) * BigInt(s);
    den = den * BigInt(c.max);
    if (c.threshold !== null && s < c.threshold) thresholdFailures.push(c.id);
  }
  const totalHundredths = Number(divRoundHalfUp(num, den));
  const passed = totalHundredths >= toHundredths(rubric.passMark)! && thresholdFailures.length === 0;
  return { totalHundredths, criterionHundredths, thresholdFailures, passed };
}

/**
 * An entry's outcome from the sheets that count (those the divergence rule used) and its final
 * score: per-criterion exact means (the ranking's tie-breaks), and pass/fail. Stated rule: a
 * criterion fails for the entry when the mean of the counted scores is below its threshold; the
 * entry passes when the final score reaches the pass mark and no criterion fails.
 */
export function entryOutcome(rubric: Rubric, counted: readonly SheetResult[], finalHundredths: number): EntryOutcome {
  const criteria = scaled(rubric);
  if (counted.length === 0) throw new RangeError('An entry outcome needs at least one counted score sheet');
  const criterionMeans: Record<string, ExactMean> = {};
  const thresholdFailures: string[] = [];
  for (const c of criteria) {
    let sum = 0;
    for (const r of counted) {
      const s = r.criterionHundredths[c.id];
      if (s === undefined) throw new RangeError(`A counted sheet has no score for criterion ${c.id}`);
      sum += s;
    }
    criterionMeans[c.id] = { sumHundredths: sum, count: counted.length };
    if (c.threshold !== null && sum < c.threshold * counted.length) thresholdFailures.push(c.id);
  }
  const passed = finalHundredths >= toHundredths(rubric.passMark)! && thresholdFailures.length === 0;
  return { finalHundredths, criterionMeans, thresholdFailures, passed };
}
