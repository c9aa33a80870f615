import { FieldProblem } from '@grants/common';
import { RankedResultV1, ResultChangeV1, ResultOutcome, Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  Award,
  formatHundredths,
  RankedEntry,
  rankEntries,
  RankingCandidate,
  ReserveEntry,
  select,
  SelectionCandidate,
  SelectionResult,
  stringifyWithMinorUnits,
  TieResolution,
} from '../evaluation-domain';
import { EvaluationSettings } from './call-settings';
import { candidateOf, EntryScoring, scoreEntries } from './entry-scoring';
import { CallRecord, EntryRecord, EvaluationRepository, parseStored } from './evaluation.repository';

/** What the officer reviews before publishing: the ranking, how ties were settled, the selection. */
export interface Proposal {
  readonly proposedAt: string;
  readonly proposedBy: string | null;
  readonly ranking: RankedEntry[];
  readonly ties: TieResolution[];
  /** The selection the rules give. */
  readonly proposed: SelectionResult;
  /** The selection in force: the proposed one, or the officer's override. */
  readonly selection: SelectionResult;
  readonly override: null | { justification: string; by: string | null; at: string };
}

export interface RankOutcome {
  readonly entries: EntryRecord[];
  readonly scorings: Map<string, EntryScoring>;
  readonly ranking: RankedEntry[];
  readonly ties: TieResolution[];
  /** Entries without a final score, each named by reference with what it waits for. */
  readonly pending: FieldProblem[];
}

/** JSON-safe copy of a value holding bigint money (for responses and the audit log). */
export const plain = <T>(value: T): unknown => JSON.parse(stringifyWithMinorUnits(value));

@Injectable()
export class ResultsService {
  constructor(
    private readonly repo: EvaluationRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Scores every eligible entry of the call in its current round. */
  async scorings(m: EntityManager, callId: string, settings: EvaluationSettings): Promise<{ entries: EntryRecord[]; scorings: Map<string, EntryScoring> }> {
    const entries = (await this.repo.entries(m, callId)).filter((e) => e.eligible === true && e.hasContent);
    const sheets = await this.repo.sheetsOfCall(m, callId);
    const consensus = await this.repo.consensus(m, callId);
    return { entries, scorings: scoreEntries(settings, entries, sheets, consensus) };
  }

  /** The ranking of every final entry with the call's tie-break order, and what is still pending. */
  async rank(m: EntityManager, callId: string, settings: EvaluationSettings): Promise<RankOutcome> {
    const { entries, scorings } = await this.scorings(m, callId, settings);
    const pending: FieldProblem[] = [];
    const candidates: RankingCandidate[] = [];
    for (const s of scorings.values()) {
      const c = candidateOf(settings, s);
      if (c) candidates.push(c);
      else pending.push({ field: `entries.${s.entry.reference}`, code: 'NOT_ALLOWED_NOW', params: { state: s.decision.status }, reason: `${s.decision.status}: ${s.decision.reason}` });
    }
    const { ranked, ties } = rankEntries(candidates, settings.tieBreaks);
    return { entries, scorings, ranking: ranked, ties, pending };
  }

  /** Ranked entries with what each asks for; problems for a pool call's passing entry without a requested amount. */
  selectionCandidates(settings: EvaluationSettings, ranking: readonly RankedEntry[], entries: readonly EntryRecord[]): { candidates: SelectionCandidate[]; problems: FieldProblem[] } {
    const requested = new Map(entries.map((e) => [e.applicationId, e.requestedMinor]));
    const problems: FieldProblem[] = [];
    const candidates = ranking.map((r) => {
      const req = requested.get(r.entryId) ?? null;
      if (settings.selection.kind !== 'ESSAY_CONTEST' && r.passed && (req === null || req <= 0n)) {
        problems.push({ field: `entries.${r.reference}`, code: 'REQUIRED', reason: 'no requested amount in its eligibility decision' });
      }
      return {
        entryId: r.entryId,
        position: r.position,
        finalHundredths: r.finalHundredths,
        passed: r.passed,
        ...(req !== null && req > 0n ? { requestedMinor: req } : {}),
      };
    });
    return { candidates, problems };
  }

  /**
   * The officer's own list instead of the proposed one. Prizes go in the order given; grants take
   * what each entry asked for, within the pool and the per-award maximum. Only passing entries.
   */
  override(settings: EvaluationSettings, proposal: Proposal, awardedIds: readonly string[], entries: readonly EntryRecord[]): { selection?: SelectionResult; problems: FieldProblem[] } {
    const problems: FieldProblem[] = [];
    const byId = new Map(proposal.ranking.map((r) => [r.entryId, r]));
    const requested = new Map(entries.map((e) => [e.applicationId, e.requestedMinor]));
    const rules = settings.selection;
    const seen = new Set<string>();
    const awards: Award[] = [];
    awardedIds.forEach((id, i) => {
      const field = `awardedApplicationIds[${i}]`;
      const r = byId.get(id);
      if (!r) return void problems.push({ field, code: 'NOT_FOUND', reason: 'not a ranked entry of this call' });
      if (seen.has(id)) return void problems.push({ field, code: 'DUPLICATE', reason: 'listed twice' });
      seen.add(id);
      if (!r.passed) return void problems.push({ field, code: 'NOT_ELIGIBLE', params: { rule: 'PASS_MARK' }, reason: `${r.reference} did not pass and cannot be awarded` });
      if (rules.kind === 'ESSAY_CONTEST') {
        if (i >= rules.prizesMinor.length) return void problems.push({ field, code: 'TOO_MANY', params: { max: rules.prizesMinor.length }, reason: `the call has ${rules.prizesMinor.length} prizes` });
        awards.push({ entryId: id, position: r.position, amountMinor: rules.prizesMinor[i], prizeRank: i + 1, via: 'SELECTION' });
      } else {
        const req = requested.get(id) ?? null;
        if (req === null) return void problems.push({ field, code: 'REQUIRED', reason: `${r.reference} has no requested amount` });
        if (rules.maxPerAwardMinor !== undefined && req > rules.maxPerAwardMinor) {
          return void problems.push({ field, code: 'MAX', params: { max: String(rules.maxPerAwardMinor) }, reason: `${r.reference} asks more than the maximum award` });
        }
        awards.push({ entryId: id, position: r.position, amountMinor: req, via: 'SELECTION' });
      }
    });
    const pool = rules.kind === 'ESSAY_CONTEST' ? rules.prizesMinor.reduce((a, b) => a + b, 0n) : rules.poolMinor;
    const committed = awards.reduce((a, w) => a + w.amountMinor, 0n);
    if (committed > pool) problems.push({ field: 'awardedApplicationIds', code: 'EXCEEDS_AVAILABLE', params: { available: String(pool) }, reason: `the awards total ${committed} minor units, over the pool of ${pool}` });
    if (problems.length) return { problems };
    awards.sort((a, b) => a.position - b.position);
    const awarded = new Set(awards.map((a) => a.entryId));
    const reserve = reserveFrom(settings, proposal.ranking, awarded, requested);
    const unawarded = rules.kind === 'ESSAY_CONTEST' ? rules.prizesMinor.map((_, i) => i + 1).filter((rank) => !awards.some((a) => a.prizeRank === rank)) : [];
    const min = rules.kind === 'ESSAY_CONTEST' ? undefined : rules.minAwards;
    return {
      problems: [],
      selection: {
        ...proposal.proposed,
        remainingMinor: pool - committed,
        awards,
        reserve,
        skipped: [],
        unawardedPrizeRanks: unawarded,
        minimumAwards: min === undefined ? null : minimumOf(min, awards.length),
        lineTies: [],
        released: [],
      },
    };
  }

  /** Builds the proposal from the current scores (refusing while any entry has no final score). */
  propose(settings: EvaluationSettings, rank: RankOutcome, by: string | null): { proposal?: Proposal; problems: FieldProblem[] } {
    if (rank.pending.length) return { problems: rank.pending };
    const { candidates, problems } = this.selectionCandidates(settings, rank.ranking, rank.entries);
    if (problems.length) return { problems };
    const proposed = select(settings.selection, candidates);
    return {
      problems: [],
      proposal: { proposedAt: new Date().toISOString(), proposedBy: by, ranking: rank.ranking, ties: rank.ties, proposed, selection: proposed, override: null },
    };
  }

  /**
   * Announces the call's outcome as `evaluation.results.published.v1` (revision 1, or the next one
   * after a change) and keeps it as the basis of later changes.
   */
  async announce(m: EntityManager, call: CallRecord, ranking: readonly RankedEntry[], selection: SelectionResult, revision: number): Promise<RankedResultV1[]> {
    const publicRanking = publicRankingOf(ranking, selection);
    const counts = await this.repo.counts(m, call.callId);
    const now = new Date();
    await this.outbox.append(m, {
      topic: Topics.ResultsPublishedV1,
      aggregateId: call.callId,
      payload: {
        callId: call.callId,
        currency: call.currency,
        counts: { ...counts, ranked: ranking.length, awards: selection.awards.length, reserve: selection.reserve.length },
        amountAwardedMinor: selection.awards.reduce((a, w) => a + w.amountMinor, 0n).toString(),
        ranking: publicRanking,
        publishedAt: now.toISOString(),
        revision,
      },
    });
    await this.repo.savePublication(m, call.callId, { selection, publishedRanking: publicRanking, revision, publishedAt: now });
    return publicRanking;
  }

  async grant(m: EntityManager, call: CallRecord, award: Award, via: 'SELECTION' | 'PROMOTION' | 'AMENDMENT', by: string | null, replacesAwardId?: string): Promise<string> {
    const awardId = randomUUID();
    await this.repo.insertAward(m, {
      id: awardId,
      callId: call.callId,
      applicationId: award.entryId,
      amountMinor: award.amountMinor,
      currency: call.currency,
      prizeRank: award.prizeRank ?? null,
      via,
      position: award.position,
      replacesAwardId: replacesAwardId ?? null,
      by,
    });
    await this.outbox.append(m, {
      topic: Topics.AwardGrantedV1,
      aggregateId: awardId,
      payload: {
        awardId,
        callId: call.callId,
        applicationId: award.entryId,
        amountMinor: award.amountMinor.toString(),
        currency: call.currency,
        ...(award.prizeRank ? { rank: award.prizeRank } : {}),
      },
    });
    await appendAudit(m, {
      action: 'award.granted',
      entityType: 'award',
      entityId: awardId,
      after: { callId: call.callId, applicationId: award.entryId, amountMinor: award.amountMinor.toString(), prizeRank: award.prizeRank ?? null, position: award.position, via },
    });
    return awardId;
  }

  /**
   * After a re-evaluation (an upheld appeal, or an entry found eligible late) every entry is final
   * again: the ranking is recomputed, awards already granted stand (money committed is never taken
   * back by someone else's appeal), the re-evaluated entry is awarded when the rules would award it
   * and the money not committed allows, and the reserve is re-ordered. The differences are published
   * as `evaluation.results.amended.v1`, the whole outcome as the next results revision.
   */
  async amend(m: EntityManager, call: CallRecord, settings: EvaluationSettings, applicationId: string): Promise<boolean> {
    const ce = await this.repo.callEvaluation(m, call.callId);
    if (!ce || ce.status !== 'RESULTS_PUBLISHED') return false;
    const rank = await this.rank(m, call.callId, settings);
    if (rank.pending.length) return false;
    const current = parseStored<SelectionResult>(ce.selectionText)!;
    const before: RankedResultV1[] = JSON.parse(ce.publishedRankingText ?? '[]');
    const { candidates, problems } = this.selectionCandidates(settings, rank.ranking, rank.entries);
    if (problems.length) return false;
    const fresh = select(settings.selection, candidates);
    const positionOf = new Map(rank.ranking.map((r) => [r.entryId, r.position]));
    let awards: Award[] = current.awards.map((a) => ({ ...a, position: positionOf.get(a.entryId) ?? a.position }));
    let remaining = current.remainingMinor;
    let unawarded = [...current.unawardedPrizeRanks];
    let granted: Award | null = null;
    const wouldWin = fresh.awards.find((a) => a.entryId === applicationId);
    if (wouldWin && !awards.some((a) => a.entryId === applicationId) && wouldWin.amountMinor <= remaining) {
      const prizeFree = wouldWin.prizeRank === undefined || unawarded.includes(wouldWin.prizeRank);
      if (prizeFree) {
        granted = { ...wouldWin, via: 'SELECTION' };
        awards = [...awards, granted];
        remaining -= wouldWin.amountMinor;
        unawarded = unawarded.filter((r) => r !== wouldWin.prizeRank);
      }
    }
    awards.sort((a, b) => a.position - b.position);
    const requested = new Map(rank.entries.map((e) => [e.applicationId, e.requestedMinor]));
    const reserve = reserveFrom(settings, rank.ranking, new Set(awards.map((a) => a.entryId)), requested);
    const selection: SelectionResult = {
      ...current,
      remainingMinor: remaining,
      awards,
      reserve,
      unawardedPrizeRanks: unawarded,
      minimumAwards: current.minimumAwards ? minimumOf(current.minimumAwards.required, awards.length) : null,
    };
    const revision = ce.resultsRevision + 1;
    if (granted) await this.grant(m, call, granted, 'AMENDMENT', null);
    const after = publicRankingOf(rank.ranking, selection);
    const changes = diffResults(before, after);
    await this.outbox.append(m, {
      topic: Topics.ResultsAmendedV1,
      aggregateId: call.callId,
      payload: { callId: call.callId, revision, reason: 'APPEAL_UPHELD', applicationId, changes, amendedAt: new Date().toISOString() },
    });
    await this.announce(m, call, rank.ranking, selection, revision);
    await m.query(
      `INSERT INTO results_amendment (call_id, revision, reason, application_id, changes) VALUES ($1, $2, 'APPEAL_UPHELD', $3, $4)`,
      [call.callId, revision, applicationId, JSON.stringify(changes)],
    );
    await m.query(`UPDATE appeal_review SET status = 'AMENDED', completed_at = now() WHERE application_id = $1 AND status = 'RE_EVALUATING'`, [
      applicationId,
    ]);
    await appendAudit(m, {
      action: 'results.amended',
      entityType: 'call',
      entityId: call.callId,
      before: { revision: ce.resultsRevision },
      after: { revision, applicationId, changes, awarded: granted ? plain(granted) : null },
    });
    return true;
  }
}

/** Passing entries without an award, in rank order, as many as the reserve holds (never one over the per-award maximum). */
function reserveFrom(
  settings: EvaluationSettings,
  ranking: readonly RankedEntry[],
  awarded: ReadonlySet<string>,
  requested: ReadonlyMap<string, bigint | null>,
): ReserveEntry[] {
  const rules = settings.selection;
  const out: ReserveEntry[] = [];
  for (const r of ranking) {
    if (!r.passed || awarded.has(r.entryId)) continue;
    if (rules.kind === 'ESSAY_CONTEST') out.push({ entryId: r.entryId, position: r.position, finalHundredths: r.finalHundredths });
    else {
      const req = requested.get(r.entryId) ?? null;
      if (req === null || (rules.maxPerAwardMinor !== undefined && req > rules.maxPerAwardMinor)) continue;
      out.push({ entryId: r.entryId, position: r.position, finalHundredths: r.finalHundredths, requestedMinor: req });
    }
    if (out.length >= rules.reserveSize) break;
  }
  return out;
}

function minimumOf(required: number, awarded: number) {
  const met = awarded >= required;
  return {
    required,
    awarded,
    met,
    message: met ? `${awarded} awards, at least ${required} required: met` : `At least ${required} awards required, ${awarded} made`,
  };
}

/** The public ranking: references and scores, the outcome of each entry, never who submitted it. */
export function publicRankingOf(ranking: readonly Pick<RankedEntry, 'position' | 'entryId' | 'reference' | 'finalHundredths' | 'passed'>[], selection: SelectionResult): RankedResultV1[] {
  const awards = new Map(selection.awards.map((a) => [a.entryId, a]));
  const reserve = new Set(selection.reserve.map((r) => r.entryId));
  return ranking.map((r) => {
    const award = awards.get(r.entryId);
    const outcome: ResultOutcome = award ? 'AWARDED' : reserve.has(r.entryId) ? 'RESERVE' : r.passed ? 'NOT_SELECTED' : 'FAILED';
    return {
      position: r.position,
      applicationId: r.entryId,
      reference: r.reference,
      finalHundredths: r.finalHundredths,
      passed: r.passed,
      outcome,
      ...(award ? { awardAmountMinor: award.amountMinor.toString() } : {}),
      ...(award?.prizeRank ? { prizeRank: award.prizeRank } : {}),
    };
  });
}

/** The entries whose place, score, pass, outcome or award changed between two revisions. */
export function diffResults(before: readonly RankedResultV1[], after: readonly RankedResultV1[]): ResultChangeV1[] {
  const state = (r: RankedResultV1) => ({
    position: r.position,
    finalHundredths: r.finalHundredths,
    passed: r.passed,
    outcome: r.outcome,
    ...(r.awardAmountMinor ? { awardAmountMinor: r.awardAmountMinor } : {}),
    ...(r.prizeRank ? { prizeRank: r.prizeRank } : {}),
  });
  const old = new Map(before.map((r) => [r.applicationId, r]));
  const changes: ResultChangeV1[] = [];
  for (const r of after) {
    const o = old.get(r.applicationId);
    const a = state(r);
    if (o && JSON.stringify(state(o)) === JSON.stringify(a)) continue;
    changes.push({ applicationId: r.applicationId, reference: r.reference, ...(o ? { before: state(o) } : {}), after: a });
  }
  return changes;
}

/** "78.50" for a response. */
export const points = formatHundredths;
