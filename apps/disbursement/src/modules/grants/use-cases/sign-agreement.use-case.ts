import { AuthUser } from '@grants/auth';
import { ConflictError, InputError } from '@grants/common';
import { appendAudit } from '@grants/database';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { grantNotFound, grantNotOpen } from '../../shared/disbursement.errors';
import { TrancheReleaser } from '../../payments/use-cases/tranche-releaser';
import { lockGrant } from '../grant-row';

/**
 * The officer records the grant agreement as signed, with the date on the paper. Nothing is paid
 * before; the signature releases the tranche ON_AGREEMENT_SIGNED (the advance, or a whole prize),
 * whose payment request is created in the same transaction.
 */
@Injectable()
export class SignAgreementUseCase {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly releaser: TrancheReleaser,
  ) {}

  async execute(grantId: string, user: AuthUser, signedOn: string): Promise<{ paymentId: string | null }> {
    const latest = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    if (signedOn > latest) {
      throw new InputError('REQUEST.INVALID', 'The agreement cannot be signed in the future', [{ field: 'signedOn', code: 'TOO_LATE', params: { latest }, reason: `must not be after ${latest}` }]);
    }
    return this.ds.transaction(async (m) => {
      const grant = await lockGrant(m, grantId);
      if (!grant) throw grantNotFound(grantId);
      if (grant.status !== 'OPEN') throw grantNotOpen(grant.status);
      if (grant.agreementStatus === 'SIGNED') throw new ConflictError('DISBURSEMENT.AGREEMENT_ALREADY_SIGNED', 'The agreement is already signed');
      await m.query(
        `UPDATE grant_account SET agreement_status = 'SIGNED', agreement_signed_on = $2, agreement_signed_by = $3, agreement_signed_at = now(), updated_at = now()
          WHERE id = $1 AND agreement_status = 'DRAFT'`,
        [grantId, signedOn, user.id],
      );
      await appendAudit(m, {
        action: 'AGREEMENT_SIGNED',
        entityType: 'grant',
        entityId: grantId,
        before: { agreementStatus: 'DRAFT' },
        after: { agreementStatus: 'SIGNED', signedOn },
        actorId: user.id,
      });
      const paymentId = await this.releaser.release(m, { ...grant, agreementStatus: 'SIGNED' }, 'ON_AGREEMENT_SIGNED', 1, user.id);
      return { paymentId };
    });
  }
}
