import { assertUniqueIds, compareCodeUnits, divRoundHalfUp, formatHundredths, toHundredths } from './stable-order';

/**
 * The call's rule for disagreeing evaluators. Totals diverge when (highest − lowest) is more than
 * thresholdPercent of the highest (strictly more: 30% exactly is not divergent).
 * - ADDITIONAL_EVALUATOR (EEA practice): one more evaluator scores, and the entry is ranked on the
 *   mean of the `required` closest totals (the two closest when two are required).
 * - CONSENSUS: the officer records a consensus score with a note.
 * - NONE: never asks for more; the mean of the totals (of the `required` closest if more were submitted).
 */
export type DivergenceRule =
  | { readonly mode: 'ADDITIONAL_EVALUATOR'; readonly thresholdPercent: number }
  | { readonly mode: 'CONSENSUS'; readonly thresholdPercent: number }
  | { readonly mode: 'NONE' };

export interface EvaluatorTotal {
  readonly evaluatorId: string;
  readonly totalHundredths: number;
}

export interface DivergenceInput {
  readonly rule: DivergenceRule;
  /** Evaluators per entry in this call (before any additional one). */
  readonly required: number;
  /** Submitted totals so far, in any order. */
  readonly totals: readonly EvaluatorTotal[];
  /** The officer's consensus score, once recorded (CONSENSUS mode). */
  readonly consensusHundredths?: number;
}

export type DivergenceDecision =
  | { readonly status: 'AWAITING_SCORES'; readonly missing: number; readonly reason: string }
  | { readonly status: 'NEEDS_ANOTHER_EVALUATOR'; readonly spreadHundredths: number; readonly reason: string }
  | { readonly status: 'NEEDS_CONSENSUS'; readonly spreadHundredths: number; readonly reason: string }
  | {
      readonly status: 'FINAL';
      /** Mean of the counted totals rounded half up to hundredths, or the consensus score. */
      readonly finalHundredths: number;
      readonly source: 'MEAN' | 'CLOSEST' | 'CONSENSUS';
      /** Whose totals (and score sheets) count, sorted by id; empty for a consensus score. */
      readonly countedEvaluatorIds: readonly string[];
      /** The counted totals still diverge (possible after an additional evaluator): worth an officer's look. */
      readonly stillDivergent: boolean;
      readonly reason: string;
    };

function spread(totals: readonly EvaluatorTotal[]): { spread: number; high: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of totals) {
    lo = Math.min(lo, t.totalHundredths);
    hi = Math.max(hi, t.totalHundredths);
  }
  return { spread: hi - lo, high: hi };
}

/** spread > p% of high, exactly: spread · 10000 > p(hundredths of %) · high. */
function diverges(totals: readonly EvaluatorTotal[], thresholdHundredths: number): boolean {
  const { spread: s, high } = spread(totals);
  return BigInt(s) * 10_000n > BigInt(thresholdHundredths) * BigInt(high);
}

function meanOf(totals: readonly EvaluatorTotal[]): number {
  const sum = totals.reduce((a, t) => a + BigInt(t.totalHundredths), 0n);
  return Number(divRoundHalfUp(sum, BigInt(totals.length)));
}

const ids = (totals: readonly EvaluatorTotal[]) => totals.map((t) => t.evaluatorId).sort(compareCodeUnits);

/**
 * The `size` closest totals: the window of consecutive sorted totals with the smallest spread.
 * Ties, in order: smaller spread relative to the window's highest total (the rule's own measure),
 * then the window whose sorted evaluator ids come first — a stable, if arbitrary, last resort.
 */
export function closestTotals(totals: readonly EvaluatorTotal[], size: number): EvaluatorTotal[] {
  const sorted = [...totals].sort(
    (a, b) => a.totalHundredths - b.totalHundredths || compareCodeUnits(a.evaluatorId, b.evaluatorId),
  );
  let best: EvaluatorTotal[] | null = null;
  for (let i = 0; i + size <= sorted.length; i++) {
    const w = sorted.slice(i, i + size);
    if (best === null || closer(w, best)) best = w;
  }
  if (best === null) throw new RangeError(`Need at least ${size} totals, got ${totals.length}`);
  return best;
}

function closer(a: EvaluatorTotal[], b: EvaluatorTotal[]): boolean {
  const sa = spread(a);
  const sb = spread(b);
  if (sa.spread !== sb.spread) return sa.spread < sb.spread;
  // Same spread: compare spread/high by cross-multiplication (a zero spread is zero on both sides).
  const ra = BigInt(sa.spread) * BigInt(sb.high);
  const rb = BigInt(sb.spread) * BigInt(sa.high);
  if (ra !== rb) return ra < rb;
  const ia = ids(a).join('\u0000');
  const ib = ids(b).join('\u0000');
  return compareCodeUnits(ia, ib) < 0;
}

/** The entry's state under the call's divergence rule, from the totals submitted so far. */
export function decideDivergence(input: DivergenceInput): DivergenceDecision {
  const { rule, required, totals } = input;
  if (!Number.isSafeInteger(required) || required < 1) throw new RangeError(`required must be a positive integer, got ${required}`);
  assertUniqueIds(totals.map((t) => t.evaluatorId), 'evaluator');
  for (const t of totals) {
    if (!Number.isSafeInteger(t.totalHundredths) || t.totalHundredths < 0 || t.totalHundredths > 10_000) {
      throw new RangeError(`Total of evaluator ${t.evaluatorId} must be 0..10000 hundredths, got ${t.totalHundredths}`);
    }
  }
  if (totals.length < required) {
    const missing = required - totals.length;
    return { status: 'AWAITING_SCORES', missing, reason: `${totals.length} of ${required} scores submitted` };
  }
  const threshold = rule.mode === 'NONE' ? null : toHundredths(rule.thresholdPercent);
  if (rule.mode !== 'NONE' && (threshold === null || threshold < 0 || threshold > 10_000)) {
    throw new RangeError(`thresholdPercent must be 0..100 with at most 2 decimals`);
  }
  const pct = threshold === null ? '' : `${formatHundredths(threshold)}%`;

  if (rule.mode === 'NONE' || (rule.mode === 'ADDITIONAL_EVALUATOR' && totals.length === required)) {
    const divergent = threshold !== null && diverges(totals, threshold);
    if (divergent) {
      const s = spread(totals).spread;
      return {
        status: 'NEEDS_ANOTHER_EVALUATOR',
        spreadHundredths: s,
        reason: `totals differ by ${formatHundredths(s)} points, more than ${pct} of the highest: one more evaluator scores`,
      };
    }
    if (totals.length === required) {
      return {
        status: 'FINAL',
        finalHundredths: meanOf(totals),
        source: 'MEAN',
        countedEvaluatorIds: ids(totals),
        stillDivergent: false,
        reason: `mean of ${required} totals`,
      };
    }
  }

  if (rule.mode === 'CONSENSUS') {
    if (!diverges(totals, threshold!)) {
      return {
        status: 'FINAL',
        finalHundredths: meanOf(totals),
        source: 'MEAN',
        countedEvaluatorIds: ids(totals),
        stillDivergent: false,
        reason: `mean of ${totals.length} totals`,
      };
    }
    const s = spread(totals).spread;
    if (input.consensusHundredths === undefined) {
      return {
        status: 'NEEDS_CONSENSUS',
        spreadHundredths: s,
        reason: `totals differ by ${formatHundredths(s)} points, more than ${pct} of the highest: the officer records a consensus score`,
      };
    }
    const c = input.consensusHundredths;
    if (!Number.isSafeInteger(c) || c < 0 || c > 10_000) throw new RangeError(`consensusHundredths must be 0..10000, got ${c}`);
    return {
      status: 'FINAL',
      finalHundredths: c,
      source: 'CONSENSUS',
      countedEvaluatorIds: [],
      stillDivergent: false,
      reason: 'consensus score recorded by the officer',
    };
  }

  // More totals than required (an additional evaluator scored, or NONE with extras): the closest ones count.
  const counted = closestTotals(totals, required);
  return {
    status: 'FINAL',
    finalHundredths: meanOf(counted),
    source: 'CLOSEST',
    countedEvaluatorIds: ids(counted),
    stillDivergent: threshold !== null && diverges(counted, threshold),
    reason: `mean of the ${required} closest of ${totals.length} totals`,
  };
}
