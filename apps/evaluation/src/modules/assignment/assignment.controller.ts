import { AuthUser, CurrentUser, Roles } from '@grants/auth';
import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { settingsOf } from '../workflow/entry-settlement.service';
import { formatHundredths } from '../evaluation-domain';
import { callNotFound } from '../workflow/evaluation.errors';
import { EvaluationRepository } from '../workflow/evaluation.repository';
import { ResultsService } from '../workflow/results.service';
import { StaffingService } from '../workflow/staffing.service';
import { StartEvaluationUseCase } from './use-cases/start-evaluation.use-case';

/** The officer's side of assignment: start (or top up), who has what, conflicts, progress. */
@Controller('evaluation')
export class AssignmentController {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly staffing: StaffingService,
    private readonly results: ResultsService,
    private readonly start: StartEvaluationUseCase,
  ) {}

  /** Start evaluation: assign every eligible entry (or fill places still empty), explaining shortfalls. */
  @Roles('PROGRAMME_OFFICER')
  @Post('calls/:callId/assignments')
  @HttpCode(200)
  async run(@Param('callId', ParseUUIDPipe) callId: string, @CurrentUser() user: AuthUser) {
    return this.start.execute(callId, user);
  }

  @Roles('PROGRAMME_OFFICER')
  @Get('calls/:callId/assignments')
  async list(@Param('callId', ParseUUIDPipe) callId: string) {
    const m = this.ds.manager;
    const entries = new Map((await this.repo.entries(m, callId)).map((e) => [e.applicationId, e]));
    const assignments = await this.repo.assignments(m, callId);
    return {
      callId,
      assignments: assignments.map((a) => ({
        assignmentId: a.id,
        applicationId: a.applicationId,
        reference: entries.get(a.applicationId)?.reference ?? null,
        evaluatorId: a.evaluatorId,
        round: a.round,
        reason: a.reason,
        status: a.status,
        releasedReason: a.releasedReason,
        sheetStatus: a.sheetStatus,
        assignedAt: a.createdAt.toISOString(),
      })),
      shortfalls: await this.repo.shortfalls(m, callId),
    };
  }

  /** Every conflicted pair on the accepted panel, with its reasons. For officers and the audit only: reasons name parties. */
  @Roles('PROGRAMME_OFFICER')
  @Get('calls/:callId/conflicts')
  async conflicts(@Param('callId', ParseUUIDPipe) callId: string) {
    const m = this.ds.manager;
    const snapshot = await this.staffing.snapshot(m, callId);
    const refs = new Map(snapshot.entries.map((e) => [e.applicationId, e.reference]));
    const declaredOnEntries = snapshot.assignments
      .filter((a) => a.releasedReason === 'CONFLICT_DECLARED')
      .map((a) => ({ applicationId: a.applicationId, reference: refs.get(a.applicationId) ?? null, evaluatorId: a.evaluatorId }));
    return {
      callId,
      conflicts: this.staffing.conflicts(snapshot).map((c) => ({ applicationId: c.entryId, reference: refs.get(c.entryId) ?? null, evaluators: c.evaluators })),
      declaredOnAssignedEntries: declaredOnEntries,
    };
  }

  /** Per entry: its round, evaluators and their sheets, and the divergence rule's decision. */
  @Roles('PROGRAMME_OFFICER')
  @Get('calls/:callId/progress')
  async progress(@Param('callId', ParseUUIDPipe) callId: string) {
    const m = this.ds.manager;
    const call = await this.repo.findCall(m, callId);
    if (!call) throw callNotFound(callId);
    const settings = settingsOf(call);
    const { scorings } = await this.results.scorings(m, callId, settings);
    const assignments = await this.repo.assignments(m, callId);
    const sheets = await this.repo.sheetsOfCall(m, callId);
    const entries = [...scorings.values()].map((s) => {
      const d = s.decision;
      return {
        applicationId: s.entry.applicationId,
        reference: s.entry.reference,
        language: s.entry.language,
        round: s.entry.round,
        status: d.status,
        reason: d.reason,
        finalHundredths: d.status === 'FINAL' ? d.finalHundredths : null,
        finalScore: d.status === 'FINAL' ? formatHundredths(d.finalHundredths) : null,
        countedEvaluatorIds: d.status === 'FINAL' ? d.countedEvaluatorIds : [],
        consensus: s.consensus,
        evaluators: assignments
          .filter((a) => a.applicationId === s.entry.applicationId && a.status === 'ACTIVE')
          .map((a) => {
            const sheet = sheets.find((x) => x.assignmentId === a.id);
            return {
              assignmentId: a.id,
              evaluatorId: a.evaluatorId,
              round: a.round,
              reason: a.reason,
              sheetStatus: sheet?.status ?? null,
              totalHundredths: sheet?.totalHundredths ?? null,
            };
          }),
      };
    });
    const count = (st: string) => entries.filter((e) => e.status === st).length;
    return {
      callId,
      summary: {
        entries: entries.length,
        final: count('FINAL'),
        awaitingScores: count('AWAITING_SCORES'),
        needsAnotherEvaluator: count('NEEDS_ANOTHER_EVALUATOR'),
        needsConsensus: count('NEEDS_CONSENSUS'),
      },
      entries,
    };
  }
}
