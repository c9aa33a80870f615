import { AuthUser } from '@grants/auth';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { agreementNotSigned, grantNotFound, grantNotOpen, refusalError } from '../../shared/disbursement.errors';
import { lockGrant } from '../../grants/grant-row';
import { PaymentRequests } from './payment-requests';

export interface RequestPaymentInput {
  /** Required (the DTO refuses a request without it): every payment belongs to a tranche. */
  trancheSequence: number;
  /** Part of the tranche; absent: all of the tranche that is not requested yet. */
  amountMinor?: string;
  note?: string;
}

/**
 * A finance officer requests a payment against a released tranche: all of it, or a part (the
 * tranche's requests together never exceed its amount; see `decideTrancheRequest`). A tranche
 * whose trigger has not happened yet cannot be requested: the last tranche waits for the approved
 * final report, whoever asks and whatever amount they name.
 */
@Injectable()
export class RequestPaymentUseCase {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly requests: PaymentRequests,
  ) {}

  async execute(grantId: string, user: AuthUser, input: RequestPaymentInput): Promise<{ paymentId: string; status: string }> {
    return this.ds.transaction(async (m) => {
      const grant = await lockGrant(m, grantId);
      if (!grant) throw grantNotFound(grantId);
      if (grant.status !== 'OPEN') throw grantNotOpen(grant.status);
      if (grant.agreementStatus !== 'SIGNED') throw agreementNotSigned();
      const created = await this.requests.create(m, {
        grant,
        trancheSequence: input.trancheSequence,
        amountMinor: input.amountMinor !== undefined ? BigInt(input.amountMinor) : null,
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
