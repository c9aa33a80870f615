import { assertCanAccess, Authenticated, AuthUser, CurrentUser, Roles } from '@grants/auth';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { grantNotFound } from '../shared/disbursement.errors';
import { GRANT_LIST_COLUMNS, grantDetail } from './grant-views';
import { SignAgreementUseCase } from './use-cases/sign-agreement.use-case';
import { TerminateGrantUseCase } from './use-cases/terminate-grant.use-case';

export class GrantQueryDto {
  @IsOptional() @IsUUID() awardId?: string;
  @IsOptional() @IsUUID() callId?: string;
}

export class SignAgreementDto {
  /** The date on the signed agreement (YYYY-MM-DD). */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'signedOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'signedOn must be a calendar date' })
  signedOn!: string;
}

export class TerminateGrantDto {
  @IsString() @Length(1, 1000) reason!: string;
}

/** Staff who may see every grant; a grantee sees their own (404 for anyone else's). */
export const GRANT_STAFF = ['FINANCE_OFFICER', 'FINANCE_APPROVER', 'PROGRAMME_OFFICER'] as const;

@Controller('disbursement')
export class GrantsController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly sign: SignAgreementUseCase,
    private readonly terminate: TerminateGrantUseCase,
  ) {}

  @Roles(...GRANT_STAFF)
  @Get('grants')
  async list(@Query() q: GrantQueryDto) {
    const rows = await this.ds.query(
      `SELECT ${GRANT_LIST_COLUMNS} FROM grant_account g
        WHERE ($1::uuid IS NULL OR g.award_id = $1) AND ($2::uuid IS NULL OR g.call_id = $2) ORDER BY g.opened_at, g.id`,
      [q.awardId ?? null, q.callId ?? null],
    );
    return { grants: rows };
  }

  /** The signed-in grantee's own grants. */
  @Authenticated()
  @Get('my-grants')
  async mine(@CurrentUser() user: AuthUser) {
    const rows = await this.ds.query(`SELECT ${GRANT_LIST_COLUMNS} FROM grant_account g WHERE g.applicant_user_id = $1 ORDER BY g.opened_at, g.id`, [
      user.id,
    ]);
    return { grants: rows };
  }

  @Authenticated()
  @Get('grants/:grantId')
  async get(@Param('grantId', ParseUUIDPipe) grantId: string, @CurrentUser() user: AuthUser) {
    const grant = await grantDetail(this.ds.manager, grantId);
    if (!grant) throw grantNotFound(grantId);
    assertCanAccess(user, grant.applicantUserId as string | null, [...GRANT_STAFF], () => grantNotFound(grantId));
    return grant;
  }

  @Roles('PROGRAMME_OFFICER')
  @Post('grants/:grantId/agreement/sign')
  @HttpCode(200)
  async signAgreement(@Param('grantId', ParseUUIDPipe) grantId: string, @Body() body: SignAgreementDto, @CurrentUser() user: AuthUser) {
    const { paymentId } = await this.sign.execute(grantId, user, body.signedOn);
    return { ...(await grantDetail(this.ds.manager, grantId)), releasedPaymentId: paymentId };
  }

  @Roles('PROGRAMME_OFFICER')
  @Post('grants/:grantId/terminate')
  @HttpCode(200)
  async terminateGrant(@Param('grantId', ParseUUIDPipe) grantId: string, @Body() body: TerminateGrantDto, @CurrentUser() user: AuthUser) {
    const { reversedMinor } = await this.terminate.execute(grantId, user, body.reason);
    return { ...(await grantDetail(this.ds.manager, grantId)), reversedMinor };
  }
}
