import { AuthUser, CurrentUser, Roles } from '@grants/auth';
import { DomainError, NotFoundError } from '@grants/common';
import { appendAudit } from '@grants/database';
import { isCurrencyCode } from '@grants/money';
import { Body, Controller, Inject, Injectable, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { lockGrant } from '../grants/grant-row';
import { POSITIVE_MINOR } from '../payments/dto/payment.dto';
import { grantNotFound } from '../shared/disbursement.errors';

export class CoFundingCommitmentDto {
  /** Names kept exactly as written (Istočno Novo Sarajevo, Требиње). */
  @IsString() @Length(1, 300) partnerName!: string;
  @IsIn(['MUNICIPALITY', 'OTHER']) partnerKind!: 'MUNICIPALITY' | 'OTHER';
  @Matches(POSITIVE_MINOR, { message: 'amountMinor must be a positive whole number of minor units, as a string' }) amountMinor!: string;
  /** Defaults to the grant's currency (a municipality may contribute in its own). */
  @IsOptional() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' }) currency?: string;
}

export class CoFundingReceiptDto {
  @Matches(POSITIVE_MINOR, { message: 'amountMinor must be a positive whole number of minor units, as a string' }) amountMinor!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'receivedOn must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) receivedOn!: string;
}

/**
 * Co-funding of local initiatives: each partner's (municipality's) commitment recorded beside the
 * donor's payments, with what it has actually paid in; statements show committed, received and
 * outstanding per partner.
 */
@Injectable()
export class CoFundingUseCases {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async commit(grantId: string, user: AuthUser, dto: CoFundingCommitmentDto): Promise<{ commitmentId: string }> {
    const currency = dto.currency ?? null;
    return this.ds.transaction(async (m) => {
      const grant = await lockGrant(m, grantId);
      if (!grant) throw grantNotFound(grantId);
      if (grant.callKind !== 'LOCAL_INITIATIVE_COFUNDING') {
        throw new DomainError('DISBURSEMENT.CO_FUNDING_NOT_APPLICABLE', 'Co-funding is recorded for local-initiative co-funding calls', 'UNPROCESSABLE');
      }
      const cur = currency ?? grant.currency;
      if (!isCurrencyCode(cur)) throw new DomainError('REQUEST.INVALID', 'Unknown currency', 'VALIDATION', [{ field: 'currency', code: 'FORMAT', params: { format: 'currency' }, reason: `${cur} is not ISO 4217` }]);
      const id = randomUUID();
      await m.query(
        `INSERT INTO co_funding_commitment (id, grant_id, partner_name, partner_kind, amount_minor, currency, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, grantId, dto.partnerName.trim(), dto.partnerKind, dto.amountMinor, cur, user.id],
      );
      await appendAudit(m, {
        action: 'CO_FUNDING_COMMITTED',
        entityType: 'grant',
        entityId: grantId,
        after: { commitmentId: id, partnerName: dto.partnerName.trim(), partnerKind: dto.partnerKind, amountMinor: dto.amountMinor, currency: cur },
        actorId: user.id,
      });
      return { commitmentId: id };
    });
  }

  async receive(grantId: string, commitmentId: string, user: AuthUser, dto: CoFundingReceiptDto): Promise<{ receiptId: string }> {
    return this.ds.transaction(async (m) => {
      const [c] = await m.query(
        `SELECT c.id, c.amount_minor::text AS "amountMinor",
                (SELECT COALESCE(SUM(amount_minor), 0) FROM co_funding_receipt r WHERE r.commitment_id = c.id)::text AS "receivedMinor"
           FROM co_funding_commitment c WHERE c.id = $1 AND c.grant_id = $2 FOR UPDATE`,
        [commitmentId, grantId],
      );
      if (!c) throw new NotFoundError('DISBURSEMENT.CO_FUNDING_NOT_FOUND', `No co-funding commitment ${commitmentId} on grant ${grantId}`);
      const outstanding = BigInt(c.amountMinor) - BigInt(c.receivedMinor);
      if (BigInt(dto.amountMinor) > outstanding) {
        throw new DomainError('DISBURSEMENT.CO_FUNDING_OVERPAID', 'More than the partner still owes', 'UNPROCESSABLE', [
          { field: 'amountMinor', code: 'EXCEEDS_AVAILABLE', params: { available: String(outstanding) }, reason: `at most ${outstanding} minor units are outstanding` },
        ]);
      }
      const id = randomUUID();
      await m.query(
        `INSERT INTO co_funding_receipt (id, commitment_id, amount_minor, received_on, recorded_by) VALUES ($1, $2, $3, $4, $5)`,
        [id, commitmentId, dto.amountMinor, dto.receivedOn, user.id],
      );
      await appendAudit(m, {
        action: 'CO_FUNDING_RECEIVED',
        entityType: 'grant',
        entityId: grantId,
        after: { commitmentId, receiptId: id, amountMinor: dto.amountMinor, receivedOn: dto.receivedOn },
        actorId: user.id,
      });
      return { receiptId: id };
    });
  }
}

@Controller('disbursement/grants/:grantId/co-funding')
export class CoFundingController {
  constructor(private readonly cofunding: CoFundingUseCases) {}

  @Roles('PROGRAMME_OFFICER', 'FINANCE_OFFICER')
  @Post()
  commit(@Param('grantId', ParseUUIDPipe) grantId: string, @Body() body: CoFundingCommitmentDto, @CurrentUser() user: AuthUser) {
    return this.cofunding.commit(grantId, user, body);
  }

  @Roles('FINANCE_OFFICER')
  @Post(':commitmentId/receipts')
  receive(
    @Param('grantId', ParseUUIDPipe) grantId: string,
    @Param('commitmentId', ParseUUIDPipe) commitmentId: string,
    @Body() body: CoFundingReceiptDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.cofunding.receive(grantId, commitmentId, user, body);
  }
}
