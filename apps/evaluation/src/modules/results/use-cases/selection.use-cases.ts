import { AuthUser } from '@grants/auth';
import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { settingsOf } from '../../workflow/entry-settlement.service';
import {
  evaluationNotStarted,
  noProposal,
  notReadyToRank,
  overrideInvalid,
  proposalStale,
  resultsPublished,
  selectionInputMissing,
} from '../../workflow/evaluation.errors';
import { EvaluationRepository, parseStored } from '../../workflow/evaluation.repository';
import { plain, Proposal, ResultsService } from '../../workflow/results.service';
import { OverrideSelectionDto } from '../dto/results.dto';
import { proposalView } from '../results.views';

const refsOf = (p: Proposal) => new Map(p.ranking.map((r) => [r.entryId, r.reference]));
const awardList = (p: Proposal['selection']) => p.awards.map((a) => ({ applicationId: a.entryId, amountMinor: a.amountMinor.toString(), prizeRank: a.prizeRank ?? null }));

/**
 * Ranking and selection from the current scores: every entry final, the call's tie-break order,
 * selection per kind with a reserve list. The same inputs always give the same proposal.
 */
@Injectable()
export class ProposeSelectionUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly results: ResultsService,
  ) {}

  async execute(callId: string, officer: AuthUser) {
    return this.ds.transaction(async (m) => {
      const call = await this.repo.lockCall(m, callId);
      const settings = settingsOf(call);
      const ce = await this.repo.callEvaluation(m, callId);
      if (!ce) throw evaluationNotStarted();
      if (ce.status === 'RESULTS_PUBLISHED') throw resultsPublished();
      const rank = await this.results.rank(m, callId, settings);
      if (rank.pending.length) throw notReadyToRank(rank.pending);
      const { proposal, problems } = this.results.propose(settings, rank, officer.id);
      if (!proposal) throw selectionInputMissing(problems);
      await this.repo.saveProposal(m, callId, proposal);
      await appendAudit(m, {
        action: 'selection.proposed',
        entityType: 'call',
        entityId: callId,
        after: { awards: awardList(proposal.selection), reserve: proposal.selection.reserve.map((r) => r.entryId), ties: proposal.ties.map((t) => t.reason) },
      });
      return proposalView(callId, 'PROPOSED', proposal, refsOf(proposal));
    });
  }

  async current(callId: string) {
    const m = this.ds.manager;
    const ce = await this.repo.callEvaluation(m, callId);
    const proposal = parseStored<Proposal>(ce?.proposalText ?? null);
    if (!ce || !proposal) throw noProposal();
    return proposalView(callId, ce.status, proposal, refsOf(proposal));
  }
}

/** The officer replaces the proposed awards, only with a written justification, kept in the audit log. */
@Injectable()
export class OverrideSelectionUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly results: ResultsService,
  ) {}

  async execute(callId: string, dto: OverrideSelectionDto, officer: AuthUser) {
    return this.ds.transaction(async (m) => {
      const call = await this.repo.lockCall(m, callId);
      const settings = settingsOf(call);
      const ce = await this.repo.callEvaluation(m, callId);
      if (!ce) throw evaluationNotStarted();
      if (ce.status === 'RESULTS_PUBLISHED') throw resultsPublished();
      const proposal = parseStored<Proposal>(ce.proposalText);
      if (!proposal) throw noProposal();
      const entries = await this.repo.entries(m, callId);
      const { selection, problems } = this.results.override(settings, proposal, dto.awardedApplicationIds, entries);
      if (!selection) throw overrideInvalid(problems);
      const justification = dto.justification.trim();
      const next: Proposal = { ...proposal, selection, override: { justification, by: officer.id, at: new Date().toISOString() } };
      await this.repo.saveProposal(m, callId, next);
      await appendAudit(m, {
        action: 'selection.overridden',
        entityType: 'call',
        entityId: callId,
        before: { awards: awardList(proposal.selection) },
        after: { awards: awardList(selection), reserve: selection.reserve.map((r) => r.entryId), justification },
        actorId: officer.id,
      });
      return proposalView(callId, 'PROPOSED', next, refsOf(next));
    });
  }
}

/**
 * Publishes the selection in force: one `evaluation.award.granted.v1` per award and
 * `evaluation.results.published.v1` with the public ranking. Refused if scores moved since the
 * proposal (the officer publishes what they reviewed, nothing else).
 */
@Injectable()
export class PublishResultsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly results: ResultsService,
  ) {}

  async execute(callId: string, officer: AuthUser) {
    return this.ds.transaction(async (m) => {
      const call = await this.repo.lockCall(m, callId);
      const settings = settingsOf(call);
      const ce = await this.repo.callEvaluation(m, callId);
      if (!ce) throw evaluationNotStarted();
      if (ce.status === 'RESULTS_PUBLISHED') throw resultsPublished();
      const proposal = parseStored<Proposal>(ce.proposalText);
      if (!proposal) throw noProposal();
      const rank = await this.results.rank(m, callId, settings);
      const key = (rs: { entryId: string; position: number; finalHundredths: number; passed: boolean }[]) =>
        JSON.stringify(rs.map((r) => [r.entryId, r.position, r.finalHundredths, r.passed]));
      if (rank.pending.length || key(rank.ranking) !== key(proposal.ranking)) throw proposalStale();
      const selection = proposal.selection;
      const awards = [];
      for (const a of selection.awards) {
        const awardId = await this.results.grant(m, call, a, 'SELECTION', officer.id);
        awards.push({ awardId, applicationId: a.entryId, amountMinor: a.amountMinor.toString(), prizeRank: a.prizeRank ?? null, position: a.position });
      }
      const ranking = await this.results.announce(m, call, proposal.ranking, selection, 1);
      await appendAudit(m, {
        action: 'results.published',
        entityType: 'call',
        entityId: callId,
        after: { revision: 1, awards, reserve: selection.reserve.map((r) => r.entryId), override: proposal.override },
        actorId: officer.id,
      });
      return { callId, status: 'RESULTS_PUBLISHED', revision: 1, awards, reserve: plain(selection.reserve), ranking };
    });
  }
}
