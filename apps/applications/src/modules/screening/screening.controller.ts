import { assertCanAccess, AuthUser, Authenticated, CurrentUser, Roles } from '@grants/auth';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CallReplicaStore, callState } from '../call-replica/call-replica.store';
import { loadApplication } from '../submissions/application-store';
import { applicationNotFound, callCancelled, callStillOpen } from '../submissions/submissions.errors';
import { AutoScreening } from './auto-screening';
import { AnswerClarificationUseCase, ClarificationAnswerDto } from './use-cases/answer-clarification.use-case';
import { DecideEligibilityUseCase, EligibilityDecisionDto } from './use-cases/decide-eligibility.use-case';

@Controller()
export class ScreeningController {
  constructor(
    private readonly ds: DataSource,
    private readonly calls: CallReplicaStore,
    private readonly auto: AutoScreening,
    private readonly decide: DecideEligibilityUseCase,
    private readonly answer: AnswerClarificationUseCase,
  ) {}

  /** Runs the automatic checks now (they also run by themselves when the call closes). */
  @Roles('PROGRAMME_OFFICER')
  @Post('calls/:callId/applications/screening')
  @HttpCode(200)
  async run(@Param('callId', ParseUUIDPipe) callId: string, @Query('recheck') recheck?: string) {
    return this.ds.transaction(async (m) => {
      const call = await this.calls.get(m, callId);
      const state = callState(call, new Date());
      if (state === 'CANCELLED') throw callCancelled(call.cancelReason);
      if (state !== 'CLOSED') throw callStillOpen(call.closesAt, call.timeZone);
      return { callId, ...(await this.auto.screenCall(m, callId, { recheck: recheck === 'true' })) };
    });
  }

  /** ELIGIBLE, INELIGIBLE (with a reason) or CLARIFICATION (a question and until when to answer it). */
  @Roles('PROGRAMME_OFFICER')
  @Post('applications/:applicationId/eligibility')
  @HttpCode(200)
  @ApiBody({ type: EligibilityDecisionDto })
  async decideEligibility(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.decide.execute(id, user, body);
  }

  @Roles('APPLICANT')
  @Post('applications/:applicationId/clarification/answer')
  @HttpCode(200)
  @ApiBody({ type: ClarificationAnswerDto })
  async answerClarification(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.answer.execute(id, user, body);
  }

  /** The questions asked during screening and their answers (the applicant's own, or any for an officer). */
  @Authenticated()
  @Get('applications/:applicationId/clarifications')
  async clarifications(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) id: string) {
    const app = await loadApplication(this.ds.manager, id);
    if (!app || (app.status === 'DRAFT' && app.applicantUserId !== user.id)) throw applicationNotFound(id);
    assertCanAccess(user, app.applicantUserId, ['PROGRAMME_OFFICER'], () => applicationNotFound(id));
    const rows = await this.ds.query(
      `SELECT id, question, asked_at AS "askedAt", respond_by AS "respondBy", status, answer, answered_at AS "answeredAt"
         FROM clarification WHERE application_id = $1 ORDER BY asked_at`,
      [id],
    );
    return { applicationId: id, clarifications: rows };
  }
}
