import { AuthUser } from '@grants/auth';
import { DomainError, InputError } from '@grants/common';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { agreementNotSigned, grantNotFound, grantNotOpen, refusalError } from '../../shared/disbursement.errors';
import { lockGrant } from '../../grants/grant-row';
import { PaymentRequests } from './payment-requests';

export interface RequestPaymentInput {
  trancheSequence?: number;
  amountMinor?: string;
  note?: string;
}

/**
 * A finance officer requests a payment: a released tranche (its amount from the plan), or an
 * amount outside the plan. A tranche whose trigger has not happened yet cannot be requested: the
 * last tranche waits for the approved final report, whoever asks.
 */
@Injectable()
export class RequestPaymentUseCase {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly requests: PaymentRequests,
  ) {}

  async execute(grantId: string, user: AuthUser, input: RequestPaymentInput): Promise<{ paymentId: string; status: string }> {
    if (input.trancheSequence === undefined && input.amountMinor === undefined) {
      throw new InputError('REQUEST.INVALID', 'Name a tranche or an amount', [
        { field: 'trancheSequence', code: 'ONE_OF_REQUIRED', params: { fields: ['trancheSequence', 'amountMinor'] }, reason: 'trancheSequence or amountMinor is required' },
        { field: 'amountMinor', code: 'ONE_OF_REQUIRED', params: { fields: ['trancheSequence', 'amountMinor'] }, reason: 'trancheSequence or amountMinor is required' },
      ]);
    }
    return this.ds.transaction(async (m) => {
      const grant = await lockGrant(m, grantId);
      if (!grant) throw grantNotFound(grantId);
      if (grant.status !== 'OPEN') throw grantNotOpen(grant.status);
      if (grant.agreementStatus !== 'SIGNED') throw agreementNotSigned();
      let amount = input.amountMinor !== undefined ? BigInt(input.amountMinor) : null;
      if (input.trancheSequence !== undefined) {
        const [t] = await m.query(
          `SELECT amount_minor::text AS "amountMinor", trigger, released_at AS "releasedAt" FROM grant_tranche WHERE grant_id = $1 AND sequence = $2`,
          [grantId, input.trancheSequence],
        );
        if (!t) throw new InputError('REQUEST.INVALID', 'No such tranche', [{ field: 'trancheSequence', code: 'NOT_FOUND', reason: `the grant has no tranche ${input.trancheSequence}` }]);
        if (!t.releasedAt) {
          throw new DomainError('DISBURSEMENT.TRANCHE_NOT_RELEASED', `Tranche ${input.trancheSequence} waits for ${t.trigger}`, 'CONFLICT', [
            { field: 'trancheSequence', code: 'NOT_ALLOWED_NOW', params: { state: t.trigger }, reason: `not released yet: waits for ${t.trigger}` },
          ]);
        }
        if (amount !== null && amount !== BigInt(t.amountMinor)) {
          throw new DomainError('DISBURSEMENT.AMOUNT_NOT_TRANCHE', 'A tranche is paid in full', 'UNPROCESSABLE', [
            { field: 'amountMinor', code: 'MISMATCH', reason: `tranche ${input.trancheSequence} is ${t.amountMinor} minor units` },
          ]);
        }
        amount = BigInt(t.amountMinor);
      }
      const created = await this.requests.create(m, {
        grant,
        trancheSequence: input.trancheSequence ?? null,
        amountMinor: amount!,
        origin: 'FINANCE_OFFICER',
        requestedBy: user.id,
        note: input.note ?? null,
      });
      if (!created.ok) {
        const problems = created.problems.length ? created.problems : [{ field: 'amountMinor', code: 'INVALID' as const, reason: created.message }];
        throw refusalError({ ...created, problems });
      }
      return { paymentId: created.value.paymentId, status: 'PENDING_APPROVAL' };
    });
  }
}
