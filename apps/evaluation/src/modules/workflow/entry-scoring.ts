import {
  decideDivergence,
  DivergenceDecision,
  entryOutcome,
  EntryOutcome,
  RankingCandidate,
  SheetResult,
} from '../evaluation-domain';
import { EvaluationSettings } from './call-settings';
import { EntryRecord, SheetRecord } from './evaluation.repository';

export interface ConsensusRecord {
  readonly scoreHundredths: number;
  readonly note: string;
}

/** An entry's scoring in its current round: the submitted sheets, any consensus, and the rule's decision. */
export interface EntryScoring {
  readonly entry: EntryRecord;
  readonly submitted: SheetRecord[];
  readonly consensus: ConsensusRecord | null;
  readonly decision: DivergenceDecision;
}

export function sheetResult(s: SheetRecord): SheetResult {
  if (s.totalHundredths === null || s.criterionHundredths === null || s.passed === null) {
    throw new Error(`Score sheet ${s.assignmentId} is submitted without its computed result`);
  }
  return {
    totalHundredths: s.totalHundredths,
    criterionHundredths: s.criterionHundredths,
    thresholdFailures: s.thresholdFailures ?? [],
    passed: s.passed,
  };
}

/**
 * The call's divergence rule on the current round's submitted totals. A consensus score recorded by
 * the officer settles a CONSENSUS entry, and also an entry whose additional evaluator could not be
 * found (ADDITIONAL_EVALUATOR with a staffing shortfall): the officer's way out, stated and audited.
 */
export function decideEntry(settings: EvaluationSettings, submitted: readonly SheetRecord[], consensus: ConsensusRecord | null): DivergenceDecision {
  const totals = submitted.map((s) => ({ evaluatorId: s.evaluatorId, totalHundredths: sheetResult(s).totalHundredths }));
  const d = decideDivergence({
    rule: settings.divergence,
    required: settings.evaluatorsPerEntry,
    totals,
    ...(consensus && settings.divergence.mode === 'CONSENSUS' ? { consensusHundredths: consensus.scoreHundredths } : {}),
  });
  if (d.status === 'NEEDS_ANOTHER_EVALUATOR' && consensus) {
    return {
      status: 'FINAL',
      finalHundredths: consensus.scoreHundredths,
      source: 'CONSENSUS',
      countedEvaluatorIds: [],
      stillDivergent: false,
      reason: 'consensus score recorded by the officer (no additional evaluator)',
    };
  }
  return d;
}

/** Groups the call's sheets by entry, keeping the current round's submitted ones, and decides each entry. */
export function scoreEntries(
  settings: EvaluationSettings,
  entries: readonly EntryRecord[],
  sheets: readonly SheetRecord[],
  consensus: ReadonlyMap<string, ConsensusRecord & { round: number }>,
): Map<string, EntryScoring> {
  const byEntry = new Map<string, SheetRecord[]>();
  for (const s of sheets) byEntry.set(s.applicationId, [...(byEntry.get(s.applicationId) ?? []), s]);
  const out = new Map<string, EntryScoring>();
  for (const entry of entries) {
    const submitted = (byEntry.get(entry.applicationId) ?? []).filter((s) => s.round === entry.round && s.status === 'SUBMITTED');
    const c = consensus.get(`${entry.applicationId}#${entry.round}`) ?? null;
    out.set(entry.applicationId, { entry, submitted, consensus: c, decision: decideEntry(settings, submitted, c) });
  }
  return out;
}

/** A final entry's outcome: per-criterion means and thresholds over the counted sheets (all of them for a consensus). */
export function outcomeOf(settings: EvaluationSettings, scoring: EntryScoring): EntryOutcome | null {
  const d = scoring.decision;
  if (d.status !== 'FINAL') return null;
  const counted = d.countedEvaluatorIds.length
    ? scoring.submitted.filter((s) => d.countedEvaluatorIds.includes(s.evaluatorId))
    : scoring.submitted;
  if (counted.length === 0) return null;
  return entryOutcome(settings.rubric, counted.map(sheetResult), d.finalHundredths);
}

export function candidateOf(settings: EvaluationSettings, scoring: EntryScoring): RankingCandidate | null {
  const outcome = outcomeOf(settings, scoring);
  if (!outcome) return null;
  return {
    entryId: scoring.entry.applicationId,
    reference: scoring.entry.reference,
    submittedAt: scoring.entry.submittedAt,
    finalHundredths: outcome.finalHundredths,
    passed: outcome.passed,
    criterionMeans: outcome.criterionMeans,
  };
}
