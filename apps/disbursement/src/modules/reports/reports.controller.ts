import { assertCanAccess, Authenticated, AuthUser, CurrentUser, Roles } from '@grants/auth';
import { NotFoundError } from '@grants/common';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { GRANT_STAFF } from '../grants/grants.controller';
import { grantNotFound, reportNotFound } from '../shared/disbursement.errors';
import { DecideReportDto, ReturnReportDto, SubmitReportDto } from './reports.dto';
import { DecideReportUseCase, SubmitReportUseCase } from './reports.use-cases';

const REPORT_COLUMNS = `r.id, r.grant_id AS "grantId", r.kind, r.number, r.status, r.narrative, r.indicators, r.submitted_by AS "submittedBy",
  r.submitted_at AS "submittedAt", r.decided_by AS "decidedBy", r.decided_at AS "decidedAt", r.decision_comment AS "decisionComment",
  COALESCE((SELECT json_agg(json_build_object('id', a.id, 'fileName', a.file_name, 'contentType', a.content_type,
                                              'sizeBytes', a.size_bytes, 'sha256', a.sha256) ORDER BY a.file_name)
              FROM grant_report_attachment a WHERE a.report_id = r.id), '[]'::json) AS attachments`;

@Controller('disbursement')
export class ReportsController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly submit: SubmitReportUseCase,
    private readonly decide: DecideReportUseCase,
  ) {}

  /** The grantee files a report on their own grant. */
  @Authenticated()
  @Post('grants/:grantId/reports')
  async create(@Param('grantId', ParseUUIDPipe) grantId: string, @Body() body: SubmitReportDto, @CurrentUser() user: AuthUser) {
    const { reportId } = await this.submit.execute(grantId, user, body);
    return this.view(reportId);
  }

  @Authenticated()
  @Get('grants/:grantId/reports')
  async list(@Param('grantId', ParseUUIDPipe) grantId: string, @CurrentUser() user: AuthUser) {
    const [g] = await this.ds.query(`SELECT applicant_user_id AS "applicantUserId" FROM grant_account WHERE id = $1`, [grantId]);
    if (!g) throw grantNotFound(grantId);
    assertCanAccess(user, g.applicantUserId, [...GRANT_STAFF], () => grantNotFound(grantId));
    const reports = await this.ds.query(`SELECT ${REPORT_COLUMNS} FROM grant_report r WHERE r.grant_id = $1 ORDER BY r.submitted_at, r.id`, [grantId]);
    return { reports };
  }

  @Authenticated()
  @Get('reports/:reportId/attachments/:attachmentId')
  async attachment(
    @Param('reportId', ParseUUIDPipe) reportId: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const notFound = () => new NotFoundError('DISBURSEMENT.ATTACHMENT_NOT_FOUND', `No attachment ${attachmentId}`);
    const [a] = await this.ds.query(
      `SELECT a.file_name AS "fileName", a.content_type AS "contentType", a.content, g.applicant_user_id AS "applicantUserId"
         FROM grant_report_attachment a JOIN grant_report r ON r.id = a.report_id JOIN grant_account g ON g.id = r.grant_id
        WHERE a.id = $1 AND a.report_id = $2`,
      [attachmentId, reportId],
    );
    if (!a) throw notFound();
    assertCanAccess(user, a.applicantUserId, [...GRANT_STAFF], notFound);
    void reply.header('content-type', a.contentType);
    void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`);
    return a.content as Buffer;
  }

  @Roles('PROGRAMME_OFFICER')
  @Post('reports/:reportId/approve')
  @HttpCode(200)
  async approve(@Param('reportId', ParseUUIDPipe) reportId: string, @Body() body: DecideReportDto, @CurrentUser() user: AuthUser) {
    const { paymentId } = await this.decide.execute(reportId, user, 'APPROVED', body.comment);
    return { ...(await this.view(reportId)), releasedPaymentId: paymentId };
  }

  @Roles('PROGRAMME_OFFICER')
  @Post('reports/:reportId/return')
  @HttpCode(200)
  async returnReport(@Param('reportId', ParseUUIDPipe) reportId: string, @Body() body: ReturnReportDto, @CurrentUser() user: AuthUser) {
    await this.decide.execute(reportId, user, 'RETURNED', body.comment);
    return this.view(reportId);
  }

  private async view(reportId: string) {
    const [r] = await this.ds.query(`SELECT ${REPORT_COLUMNS} FROM grant_report r WHERE r.id = $1`, [reportId]);
    if (!r) throw reportNotFound(reportId);
    return r;
  }
}
