import { AuthUser } from '@grants/auth';
import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { formatHundredths, toHundredths } from '../../evaluation-domain';
import { decideEntry } from '../../workflow/entry-scoring';
import { EntrySettlementService, settingsOf } from '../../workflow/entry-settlement.service';
import {
  assignmentNotFound,
  assignmentReleased,
  consensusInvalid,
  consensusNotNeeded,
  entryNotFound,
  evaluationNotStarted,
  resultsPublished,
  sheetNotSubmitted,
} from '../../workflow/evaluation.errors';
import { EvaluationRepository } from '../../workflow/evaluation.repository';

/** The officer reopens a submitted sheet, with a reason kept in the audit log. */
@Injectable()
export class ReopenSheetUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
  ) {}

  async execute(assignmentId: string, reason: string, officer: AuthUser) {
    return this.ds.transaction(async (m) => {
      const first = await this.repo.assignmentById(m, assignmentId);
      if (!first) throw assignmentNotFound(assignmentId);
      await this.repo.lockCall(m, first.callId);
      const a = (await this.repo.assignmentById(m, assignmentId))!;
      if (a.status !== 'ACTIVE') throw assignmentReleased();
      const sheet = await this.repo.sheet(m, a.id);
      if (!sheet || sheet.status !== 'SUBMITTED') throw sheetNotSubmitted();
      const entry = await this.repo.entry(m, a.applicationId);
      const ce = await this.repo.callEvaluation(m, a.callId);
      const underReview = (await this.repo.appealsUnderReview(m, a.callId)).has(a.applicationId);
      // Published scores change only through an appeal's re-evaluation round.
      if (entry?.round !== a.round || (ce?.status === 'RESULTS_PUBLISHED' && !underReview)) throw resultsPublished();
      await this.repo.reopenSheet(m, a.id);
      await appendAudit(m, {
        action: 'score-sheet.reopened',
        entityType: 'score-sheet',
        entityId: a.id,
        before: { status: 'SUBMITTED', totalHundredths: sheet.totalHundredths, scores: sheet.scores },
        after: { status: 'DRAFT', reason, applicationId: a.applicationId, evaluatorId: a.evaluatorId },
        actorId: officer.id,
      });
      return { assignmentId: a.id, applicationId: a.applicationId, evaluatorId: a.evaluatorId, status: 'DRAFT', reason };
    });
  }
}

/**
 * The officer's consensus score for a divergent entry (CONSENSUS rule), or for one whose
 * additional evaluator could not be found. The note explains it; both go to the audit log.
 */
@Injectable()
export class RecordConsensusUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly settlement: EntrySettlementService,
  ) {}

  async execute(applicationId: string, score: number, note: string, officer: AuthUser) {
    return this.ds.transaction(async (m) => {
      const first = await this.repo.entry(m, applicationId);
      if (!first) throw entryNotFound(applicationId);
      const call = await this.repo.lockCall(m, first.callId);
      const settings = settingsOf(call);
      const entry = (await this.repo.entry(m, applicationId))!;
      const ce = await this.repo.callEvaluation(m, call.callId);
      if (!ce) throw evaluationNotStarted();
      const underReview = (await this.repo.appealsUnderReview(m, call.callId)).has(applicationId);
      if (ce.status === 'RESULTS_PUBLISHED' && !underReview) throw resultsPublished();
      const hundredths = toHundredths(score);
      if (hundredths === null || hundredths < 0 || hundredths > 10_000) throw consensusInvalid('must be between 0 and 100 with at most 2 decimals');
      const sheets = (await this.repo.sheetsOfEntry(m, applicationId)).filter((s) => s.round === entry.round && s.status === 'SUBMITTED');
      const decision = decideEntry(settings, sheets, null);
      const active = (await this.repo.assignments(m, call.callId)).filter(
        (a) => a.applicationId === applicationId && a.status === 'ACTIVE' && a.round === entry.round,
      ).length;
      const unstaffable = decision.status === 'NEEDS_ANOTHER_EVALUATOR' && active <= settings.evaluatorsPerEntry;
      if (decision.status !== 'NEEDS_CONSENSUS' && !unstaffable) throw consensusNotNeeded(decision.status);
      await this.repo.saveConsensus(m, call.callId, applicationId, entry.round, hundredths, note.trim(), officer.id);
      await appendAudit(m, {
        action: 'entry.consensus-recorded',
        entityType: 'entry',
        entityId: applicationId,
        before: { decision: decision.status, totals: sheets.map((s) => ({ evaluatorId: s.evaluatorId, totalHundredths: s.totalHundredths })) },
        after: { consensusHundredths: hundredths, note: note.trim(), round: entry.round },
        actorId: officer.id,
      });
      const settled = await this.settlement.settle(m, call, settings, applicationId);
      return {
        applicationId,
        round: entry.round,
        consensusHundredths: hundredths,
        consensusScore: formatHundredths(hundredths),
        note: note.trim(),
        status: settled.status,
      };
    });
  }
}
