import { AuthUser } from '@grants/auth';
import { FieldProblem } from '@grants/common';
import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { settingsOf } from '../../workflow/entry-settlement.service';
import { callCancelled, callNotClosed, noPanel, screeningIncomplete } from '../../workflow/evaluation.errors';
import { EvaluationRepository } from '../../workflow/evaluation.repository';
import { StaffingService } from '../../workflow/staffing.service';

/**
 * The trigger of assignment: the officer starts the call's evaluation once it is closed and
 * screening is complete (every entry has an eligibility decision and its content). Each eligible
 * entry gets the call's N evaluators — no conflicted pair, language fit, load caps, balanced — and
 * the answer explains every entry that could not be staffed. Running it again (after inviting more
 * evaluators) only fills the places still empty; nothing assigned moves.
 */
@Injectable()
export class StartEvaluationUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly staffing: StaffingService,
  ) {}

  async execute(callId: string, officer: AuthUser, now = new Date()) {
    return this.ds.transaction(async (m) => {
      const call = await this.repo.lockCall(m, callId);
      if (call.status === 'CANCELLED') throw callCancelled(callId);
      const settings = settingsOf(call);
      const closesAt = new Date(call.snapshot.closesAt);
      if (!call.closedAt && closesAt.getTime() > now.getTime()) throw callNotClosed(call.snapshot.closesAt);

      const entries = await this.repo.entries(m, callId);
      const problems: FieldProblem[] = [];
      for (const e of entries) {
        if (e.eligible === null) problems.push({ field: `entries.${e.reference}`, code: 'NOT_ALLOWED_NOW', params: { state: 'AWAITING_SCREENING' }, reason: 'no eligibility decision yet' });
        else if (e.eligible && !e.hasContent) problems.push({ field: `entries.${e.reference}`, code: 'NOT_ALLOWED_NOW', params: { state: 'AWAITING_CONTENT' }, reason: 'its content has not reached evaluation yet' });
      }
      if (problems.length) throw screeningIncomplete(problems);
      if ((await this.repo.panel(m, callId, 'ACCEPTED')).length === 0) throw noPanel();

      const first = await this.repo.startCallEvaluation(m, callId, officer.id);
      const report = await this.staffing.run(m, callId, settings.evaluatorsPerEntry, { reason: 'INITIAL' });
      const eligible = entries.filter((e) => e.eligible === true);
      const shortfalls = await this.repo.shortfalls(m, callId);
      const summary = {
        callId,
        firstRun: first,
        evaluatorsPerEntry: settings.evaluatorsPerEntry,
        entries: entries.length,
        eligible: eligible.length,
        ineligible: entries.length - eligible.length,
        assignedNow: report.assigned,
        staffed: eligible.length - shortfalls.length,
        shortfalls,
        loads: report.loads,
      };
      await appendAudit(m, {
        action: first ? 'evaluation.started' : 'evaluation.assignment-topped-up',
        entityType: 'call',
        entityId: callId,
        after: { assignedNow: report.assigned, shortfalls: shortfalls.map((s: { applicationId: string; message: string }) => s.message) },
      });
      return summary;
    });
  }
}
