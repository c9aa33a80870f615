import { assertCanAccess, Authenticated, AuthUser, CurrentUser, Roles } from '@grants/auth';
import { Controller, Get, Inject, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { GRANT_STAFF } from '../grants/grants.controller';
import { grantNotFound } from '../shared/disbursement.errors';
import { callBudget, callLedgerCsv, grantStatement, grantStatementCsv } from './statements';

const CSV = 'text/csv; charset=utf-8';

@Controller('disbursement')
export class LedgerController {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  @Roles(...GRANT_STAFF)
  @Get('calls/:callId/budget')
  budget(@Param('callId', ParseUUIDPipe) callId: string) {
    return callBudget(this.ds.manager, callId);
  }

  @Roles(...GRANT_STAFF)
  @Get('calls/:callId/ledger.csv')
  async ledgerCsv(@Param('callId', ParseUUIDPipe) callId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const csv = await callLedgerCsv(this.ds.manager, callId);
    void reply.header('content-type', CSV).header('content-disposition', `attachment; filename="ledger-${callId}.csv"`);
    return csv;
  }

  @Authenticated()
  @Get('grants/:grantId/statement')
  async statement(@Param('grantId', ParseUUIDPipe) grantId: string, @CurrentUser() user: AuthUser) {
    return this.accessible(grantId, user);
  }

  @Authenticated()
  @Get('grants/:grantId/statement.csv')
  async statementCsv(@Param('grantId', ParseUUIDPipe) grantId: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const statement = await this.accessible(grantId, user);
    void reply.header('content-type', CSV).header('content-disposition', `attachment; filename="statement-${grantId}.csv"`);
    return grantStatementCsv(statement);
  }

  private async accessible(grantId: string, user: AuthUser) {
    const statement = await grantStatement(this.ds.manager, grantId);
    if (!statement) throw grantNotFound(grantId);
    assertCanAccess(user, statement.grant.applicantUserId, [...GRANT_STAFF], () => grantNotFound(grantId));
    return statement;
  }
}
