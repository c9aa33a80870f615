import { Roles } from '@grants/auth';
import { NotFoundError } from '@grants/common';
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { IsOptional, IsUUID } from 'class-validator';
import { DataSource } from 'typeorm';

export class GrantQueryDto {
  @IsOptional() @IsUUID() awardId?: string;
  @IsOptional() @IsUUID() callId?: string;
}

const GRANT_COLUMNS = `id, award_id AS "awardId", call_id AS "callId", application_id AS "applicationId",
  amount_minor::text AS "amountMinor", trim(currency) AS currency, prize_rank AS "prizeRank", status, opened_at AS "openedAt"`;

/** Grants are finance's and the programme officers' business; grantees get their own view later. */
@Roles('FINANCE_OFFICER', 'FINANCE_APPROVER', 'PROGRAMME_OFFICER')
@Controller('disbursement/grants')
export class GrantsController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  async list(@Query() q: GrantQueryDto) {
    const rows = await this.ds.query(
      `SELECT ${GRANT_COLUMNS} FROM grant_account
        WHERE ($1::uuid IS NULL OR award_id = $1) AND ($2::uuid IS NULL OR call_id = $2) ORDER BY opened_at, id`,
      [q.awardId ?? null, q.callId ?? null],
    );
    return { grants: rows };
  }

  @Get(':grantId')
  async get(@Param('grantId', ParseUUIDPipe) grantId: string) {
    const [row] = await this.ds.query(`SELECT ${GRANT_COLUMNS} FROM grant_account WHERE id = $1`, [grantId]);
    if (!row) throw new NotFoundError('DISBURSEMENT.GRANT_NOT_FOUND', `No grant ${grantId}`);
    return row;
  }
}
