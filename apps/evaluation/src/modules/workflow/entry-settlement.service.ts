import { appendAudit } from '@grants/database';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DivergenceDecision } from '../evaluation-domain';
import { EvaluationSettings, evaluationSettings } from './call-settings';
import { decideEntry } from './entry-scoring';
import { callNotEvaluable } from './evaluation.errors';
import { CallRecord, EvaluationRepository } from './evaluation.repository';
import { ResultsService } from './results.service';
import { StaffingService } from './staffing.service';

/** The call's evaluation settings, or a 422 naming what the call lacks. */
export function settingsOf(call: CallRecord): EvaluationSettings {
  const r = evaluationSettings(call.snapshot);
  if (!r.settings) throw callNotEvaluable(r.problems);
  return r.settings;
}

/**
 * What happens to an entry after its scores change (a sheet submitted, a consensus recorded): the
 * call's divergence rule decides. A divergent pair under ADDITIONAL_EVALUATOR draws one more
 * evaluator at once (the pure `assign` with `required: N + 1`); a final entry of a call whose
 * results are out (re-evaluated after an appeal, or found eligible late) amends the results.
 * Callers hold the call's lock.
 */
@Injectable()
export class EntrySettlementService {
  private readonly logger = new Logger('EntrySettlement');

  constructor(
    private readonly repo: EvaluationRepository,
    private readonly staffing: StaffingService,
    private readonly results: ResultsService,
  ) {}

  async settle(m: EntityManager, call: CallRecord, settings: EvaluationSettings, applicationId: string): Promise<DivergenceDecision> {
    const entry = await this.repo.entry(m, applicationId);
    if (!entry) throw new Error(`settle: no entry ${applicationId}`);
    const sheets = (await this.repo.sheetsOfEntry(m, applicationId)).filter((s) => s.round === entry.round && s.status === 'SUBMITTED');
    const consensus = (await this.repo.consensus(m, call.callId)).get(`${applicationId}#${entry.round}`) ?? null;
    const decision = decideEntry(settings, sheets, consensus);

    if (decision.status === 'NEEDS_ANOTHER_EVALUATOR') {
      const required = settings.evaluatorsPerEntry + 1;
      const active = (await this.repo.assignments(m, call.callId)).filter(
        (a) => a.applicationId === applicationId && a.status === 'ACTIVE' && a.round === entry.round,
      ).length;
      if (active < required) {
        const report = await this.staffing.run(m, call.callId, settings.evaluatorsPerEntry, {
          reason: 'ADDITIONAL_EVALUATOR',
          entryIds: [applicationId],
          required,
        });
        await appendAudit(m, {
          action: 'entry.additional-evaluator',
          entityType: 'entry',
          entityId: applicationId,
          after: { reason: decision.reason, assigned: report.assigned, shortfall: report.shortfalls[0]?.message ?? null },
          actorId: null,
        });
      }
    }

    if (decision.status === 'FINAL') {
      const ce = await this.repo.callEvaluation(m, call.callId);
      if (ce?.status === 'RESULTS_PUBLISHED') {
        const underReview = (await this.repo.appealsUnderReview(m, call.callId)).has(applicationId);
        const published: { applicationId: string }[] = JSON.parse(ce.publishedRankingText ?? '[]');
        const unpublished = !published.some((r) => r.applicationId === applicationId);
        if (underReview || unpublished) {
          const amended = await this.results.amend(m, call, settings, applicationId);
          if (!amended) this.logger.warn(`results of call ${call.callId} not amended yet for ${applicationId}: other entries pending`);
        }
      }
    }
    return decision;
  }

  /**
   * An entry's screening or content changed after evaluation started: a newly eligible entry (late
   * content, an upheld eligibility appeal) is staffed; one no longer eligible, or withdrawn, loses
   * its open assignments. Published results are never changed from here.
   */
  async entryChanged(m: EntityManager, callId: string, applicationId: string): Promise<void> {
    const ce = await this.repo.callEvaluation(m, callId);
    if (!ce) return;
    const call = await this.repo.lockCall(m, callId);
    const r = evaluationSettings(call.snapshot);
    if (!r.settings) return;
    const entries = await this.repo.entries(m, callId);
    const entry = entries.find((e) => e.applicationId === applicationId);
    const assignments = (await this.repo.assignments(m, callId)).filter((a) => a.applicationId === applicationId && a.status === 'ACTIVE');
    if (!entry || entry.eligible !== true) {
      if (ce.status === 'RESULTS_PUBLISHED') return;
      for (const a of assignments) {
        await this.repo.releaseAssignment(m, applicationId, a.evaluatorId, entry ? 'INELIGIBLE' : 'WITHDRAWN', null);
      }
      return;
    }
    if (!entry.hasContent || assignments.some((a) => a.round === entry.round)) return;
    await this.staffing.run(m, callId, r.settings.evaluatorsPerEntry, { reason: 'LATE_ENTRY', entryIds: [applicationId] });
  }
}
