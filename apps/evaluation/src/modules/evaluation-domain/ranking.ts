import { ExactMean } from './aggregation';
import { assertUniqueIds, compareCodeUnits, divRoundHalfUp, formatHundredths } from './stable-order';

/**
 * One step of the call's tie-break order, applied only between entries with the same final score:
 * - CRITERION_MEAN: the higher mean on that criterion wins (an entry without it loses);
 * - EARLIER_SUBMISSION: the earlier submission wins;
 * - REFERENCE: the smaller reference (code-unit order) wins. Always applied last, even if the call
 *   does not list it, and then the entry id: the order is total, so no tie survives.
 */
export type TieBreakRule =
  | { readonly by: 'CRITERION_MEAN'; readonly criterionId: string }
  | { readonly by: 'EARLIER_SUBMISSION' }
  | { readonly by: 'REFERENCE' };

export interface RankingCandidate {
  readonly entryId: string;
  /** The entry's public reference (never the applicant's name). */
  readonly reference: string;
  /** ISO 8601 instant of submission. */
  readonly submittedAt: string;
  readonly finalHundredths: number;
  readonly passed: boolean;
  readonly criterionMeans: Readonly<Record<string, ExactMean>>;
}

export interface RankedEntry {
  /** 1-based place in the ranking; distinct for every entry. */
  readonly position: number;
  readonly entryId: string;
  readonly reference: string;
  readonly finalHundredths: number;
  readonly passed: boolean;
}

export type TieDecidedBy = TieBreakRule | { readonly by: 'ENTRY_ID' };

/** Two neighbours with the same final score, and the rule that put the upper one first. */
export interface TieResolution {
  readonly position: number;
  readonly aboveEntryId: string;
  readonly belowEntryId: string;
  readonly finalHundredths: number;
  readonly decidedBy: TieDecidedBy;
  readonly reason: string;
}

export interface RankingResult {
  readonly ranked: RankedEntry[];
  /** One per adjacent pair with equal final scores, top to bottom. */
  readonly ties: TieResolution[];
}

function compareMeans(a: ExactMean | undefined, b: ExactMean | undefined): number {
  // Higher mean first; a missing or empty mean loses to any present one.
  const has = (m: ExactMean | undefined): m is ExactMean => m !== undefined && m.count > 0;
  if (!has(a) || !has(b)) return has(a) === has(b) ? 0 : has(a) ? -1 : 1;
  const left = BigInt(a.sumHundredths) * BigInt(b.count);
  const right = BigInt(b.sumHundredths) * BigInt(a.count);
  return left === right ? 0 : left > right ? -1 : 1;
}

interface Prepared {
  readonly c: RankingCandidate;
  readonly submittedMs: number;
}

function compareBy(rule: TieDecidedBy, a: Prepared, b: Prepared): number {
  switch (rule.by) {
    case 'CRITERION_MEAN':
      return compareMeans(a.c.criterionMeans[rule.criterionId], b.c.criterionMeans[rule.criterionId]);
    case 'EARLIER_SUBMISSION':
      return a.submittedMs - b.submittedMs;
    case 'REFERENCE':
      return compareCodeUnits(a.c.reference, b.c.reference);
    case 'ENTRY_ID':
      return compareCodeUnits(a.c.entryId, b.c.entryId);
  }
}

function describe(rule: TieDecidedBy, above: Prepared, below: Prepared): string {
  switch (rule.by) {
    case 'CRITERION_MEAN': {
      const fmt = (m: ExactMean | undefined) =>
        m && m.count > 0 ? formatHundredths(Number(divRoundHalfUp(BigInt(m.sumHundredths), BigInt(m.count)))) : 'none';
      return `higher mean on ${rule.criterionId} (${fmt(above.c.criterionMeans[rule.criterionId])} vs ${fmt(below.c.criterionMeans[rule.criterionId])})`;
    }
    case 'EARLIER_SUBMISSION':
      return `earlier submission (${above.c.submittedAt} vs ${below.c.submittedAt})`;
    case 'REFERENCE':
      return `reference order (${above.c.reference} before ${below.c.reference})`;
    case 'ENTRY_ID':
      return 'entry id order (every listed rule was equal)';
  }
}

/**
 * Ranks by final score (highest first), ties broken by the call's order, then reference, then entry
 * id. Input order never matters. Every tie between neighbours is reported with the rule that decided it.
 */
export function rankEntries(candidates: readonly RankingCandidate[], tieBreaks: readonly TieBreakRule[]): RankingResult {
  assertUniqueIds(candidates.map((c) => c.entryId), 'entry');
  const rules: TieDecidedBy[] = [...tieBreaks];
  if (!rules.some((r) => r.by === 'REFERENCE')) rules.push({ by: 'REFERENCE' });
  rules.push({ by: 'ENTRY_ID' });

  const prepared: Prepared[] = candidates.map((c) => {
    const submittedMs = Date.parse(c.submittedAt);
    if (Number.isNaN(submittedMs)) throw new RangeError(`Entry ${c.entryId}: submittedAt is not an ISO 8601 instant: ${c.submittedAt}`);
    if (!Number.isSafeInteger(c.finalHundredths)) throw new RangeError(`Entry ${c.entryId}: finalHundredths must be an integer`);
    return { c, submittedMs };
  });
  const decisive = (a: Prepared, b: Prepared): { rule: TieDecidedBy; order: number } => {
    for (const rule of rules) {
      const order = compareBy(rule, a, b);
      if (order !== 0) return { rule, order };
    }
    return { rule: { by: 'ENTRY_ID' }, order: 0 };
  };
  prepared.sort((a, b) => b.c.finalHundredths - a.c.finalHundredths || decisive(a, b).order);

  const ranked = prepared.map((p, n) => ({
    position: n + 1,
    entryId: p.c.entryId,
    reference: p.c.reference,
    finalHundredths: p.c.finalHundredths,
    passed: p.c.passed,
  }));
  const ties: TieResolution[] = [];
  for (let n = 0; n + 1 < prepared.length; n++) {
    const above = prepared[n];
    const below = prepared[n + 1];
    if (above.c.finalHundredths !== below.c.finalHundredths) continue;
    const { rule } = decisive(above, below);
    ties.push({
      position: n + 1,
      aboveEntryId: above.c.entryId,
      belowEntryId: below.c.entryId,
      finalHundredths: above.c.finalHundredths,
      decidedBy: rule,
      reason: `${above.c.reference} above ${below.c.reference} at ${formatHundredths(above.c.finalHundredths)}: ${describe(rule, above, below)}`,
    });
  }
  return { ranked, ties };
}
