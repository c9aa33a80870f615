import { FieldProblem } from '@grants/common';
import type { CallPublishedV1 } from '@grants/contracts';
import { DivergenceRule, Rubric, SelectionRules, TieBreakRule, validateRubric } from '../evaluation-domain';

/** What evaluation needs from a call's snapshot, in the pure core's terms. */
export interface EvaluationSettings {
  readonly rubric: Rubric;
  readonly evaluatorsPerEntry: number;
  /** Blind review: no applicant identity may reach an evaluator (it never does; this is for views). */
  readonly blind: boolean;
  readonly divergence: DivergenceRule;
  readonly tieBreaks: TieBreakRule[];
  readonly selection: SelectionRules;
}

export type SettingsResult = { settings: EvaluationSettings; problems: [] } | { settings?: undefined; problems: FieldProblem[] };

/**
 * The call's rubric, evaluation settings and award rules as the pure core takes them, or every
 * reason the call cannot be evaluated (a skeleton call published before the full call model has
 * no rubric). Pure: the same snapshot always gives the same settings.
 */
export function evaluationSettings(call: CallPublishedV1): SettingsResult {
  const problems: FieldProblem[] = [];
  const rubric: Rubric | undefined = call.rubric
    ? {
        criteria: call.rubric.criteria.map((c) => ({
          id: c.id,
          weightPercent: c.weightPercent,
          maxScore: c.maxScore,
          step: c.step,
          ...(c.threshold !== undefined && c.threshold !== null ? { threshold: c.threshold } : {}),
        })),
        passMark: call.rubric.passMark,
      }
    : undefined;
  if (!rubric) problems.push({ field: 'rubric', code: 'REQUIRED', reason: 'the call has no rubric' });
  else for (const p of validateRubric(rubric)) problems.push({ field: `rubric.${p.field}`, code: 'INVALID', reason: p.reason });

  const ev = call.evaluation;
  let divergence: DivergenceRule = { mode: 'NONE' };
  const tieBreaks: TieBreakRule[] = [];
  if (!ev) problems.push({ field: 'evaluation', code: 'REQUIRED', reason: 'the call has no evaluation settings' });
  else {
    if (ev.divergence.mode === 'NONE') divergence = { mode: 'NONE' };
    else if (ev.divergence.thresholdPercent === undefined || ev.divergence.thresholdPercent < 0 || ev.divergence.thresholdPercent > 100) {
      problems.push({ field: 'evaluation.divergence.thresholdPercent', code: 'INVALID', reason: 'a divergence rule needs a threshold between 0 and 100' });
    } else divergence = { mode: ev.divergence.mode, thresholdPercent: ev.divergence.thresholdPercent };
    const criteria = new Set(rubric?.criteria.map((c) => c.id) ?? []);
    ev.tieBreak.forEach((t, i) => {
      if (t.by === 'CRITERION_MEAN') {
        if (!t.criterionId || !criteria.has(t.criterionId)) {
          problems.push({ field: `evaluation.tieBreak[${i}].criterionId`, code: 'ONE_OF', params: { allowed: rubric ? rubric.criteria.map((c) => c.id) : [] }, reason: 'must name a criterion of the rubric' });
        } else tieBreaks.push({ by: 'CRITERION_MEAN', criterionId: t.criterionId });
      } else tieBreaks.push({ by: t.by });
    });
  }

  const rules = call.awardRules;
  let selection: SelectionRules | undefined;
  if (!rules) problems.push({ field: 'awardRules', code: 'REQUIRED', reason: 'the call has no award rules' });
  else if (rules.mode === 'RANKED_PRIZES') {
    if (!rules.prizesMinor?.length) problems.push({ field: 'awardRules.prizesMinor', code: 'TOO_FEW', params: { min: 1 }, reason: 'ranked prizes need at least one prize' });
    else if (rules.prizesMinor.some((p) => BigInt(p) <= 0n)) problems.push({ field: 'awardRules.prizesMinor', code: 'MIN', params: { min: '0', exclusive: true }, reason: 'every prize must be positive' });
    else selection = { kind: 'ESSAY_CONTEST', currency: call.currency, prizesMinor: rules.prizesMinor.map(BigInt), reserveSize: rules.reserveListLength };
  } else {
    const pool = BigInt(rules.poolMinor ?? call.budgetMinor);
    if (pool < 0n) problems.push({ field: 'awardRules.poolMinor', code: 'MIN', params: { min: '0' }, reason: 'must not be negative' });
    else {
      selection = {
        // Grants from a pool: an essay contest with a pool is funded like an NGO grant.
        kind: call.kind === 'ESSAY_CONTEST' ? 'NGO_GRANT' : call.kind,
        currency: call.currency,
        poolMinor: pool,
        ...(rules.maxPerAwardMinor !== undefined ? { maxPerAwardMinor: BigInt(rules.maxPerAwardMinor) } : {}),
        ...(rules.minAwards !== undefined ? { minAwards: rules.minAwards } : {}),
        reserveSize: rules.reserveListLength,
      };
    }
  }

  if (problems.length || !rubric || !ev || !selection) return { problems };
  return {
    settings: {
      rubric,
      evaluatorsPerEntry: ev.evaluatorsPerEntry,
      blind: ev.blind || call.blindReview,
      divergence,
      tieBreaks,
      selection,
    },
    problems: [],
  };
}
