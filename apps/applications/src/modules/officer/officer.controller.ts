import { assertCanAccess, AuthUser, Authenticated, CurrentUser, Roles } from '@grants/auth';
import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { loadApplication } from '../submissions/application-store';
import { applicationNotFound } from '../submissions/submissions.errors';
import { currentStatus } from '../status/status.controller';
import { ApplicationFilterDto, OfficerViews } from './officer-views';

@Controller()
export class OfficerController {
  constructor(
    private readonly views: OfficerViews,
    private readonly ds: DataSource,
  ) {}

  /** A call's submitted applications, with the applicant's data, screening and flags; filterable. */
  @Roles('PROGRAMME_OFFICER')
  @Get('calls/:callId/applications')
  async list(@Param('callId', ParseUUIDPipe) callId: string, @Query() filter: ApplicationFilterDto) {
    return this.views.list(callId, filter);
  }

  /** The same as CSV (UTF-8, safe to open in a spreadsheet). */
  @Roles('PROGRAMME_OFFICER')
  @Get('calls/:callId/applications/export.csv')
  async export(@Param('callId', ParseUUIDPipe) callId: string, @Query() filter: ApplicationFilterDto, @Res() reply: FastifyReply) {
    const { fileName, body } = await this.views.csv(callId, filter);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .send(body);
  }

  /**
   * One application: the applicant sees their own, an officer any submitted one (with the
   * personal data, screening and flags); everyone else gets 404.
   */
  @Authenticated()
  @Get('applications/:applicationId')
  async get(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) id: string) {
    const a = await loadApplication(this.ds.manager, id);
    if (!a || (a.status === 'DRAFT' && a.applicantUserId !== user.id)) throw applicationNotFound(id);
    assertCanAccess(user, a.applicantUserId, ['PROGRAMME_OFFICER'], () => applicationNotFound(id));
    const own = a.applicantUserId === user.id;
    return {
      id: a.id,
      callId: a.callId,
      reference: a.reference,
      status: a.status,
      currentStatus: currentStatus(a),
      language: a.language,
      revision: a.revision,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      contentSha256: a.contentSha256,
      content: a.reviewContent,
      screening: a.screening,
      outcome: a.outcome,
      decisionReason: a.decisionReason,
      withdrawnAt: a.withdrawnAt?.toISOString() ?? null,
      applicant: a.identity,
      guardianConsent: a.consent,
      ...(own ? {} : { selfIdentification: a.selfIdentification, autoCheck: a.autoCheck }),
    };
  }
}
