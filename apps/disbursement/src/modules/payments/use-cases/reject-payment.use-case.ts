import { AuthUser, hasRole } from '@grants/auth';
import { ConflictError, DomainError } from '@grants/common';
import { appendAudit, rowsOf } from '@grants/database';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { paymentNotFound, refusalError } from '../../shared/disbursement.errors';
import { decideRejection } from '../domain/approval-rules';
import { lockPayment } from '../payment-row';

/**
 * A finance approver rejects a request with a reason; its requester may withdraw it the same way.
 * Rejecting moves no money, so it needs no second pair of eyes. A rejected tranche can be requested again.
 */
@Injectable()
export class RejectPaymentUseCase {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async execute(paymentId: string, user: AuthUser, reason: string): Promise<{ paymentId: string; status: string; reason: string }> {
    return this.ds.transaction(async (m) => {
      const p = await lockPayment(m, paymentId);
      if (!p) throw paymentNotFound(paymentId);
      if (!hasRole(user, 'FINANCE_APPROVER') && p.requestedBy !== user.id) {
        throw new DomainError('DISBURSEMENT.ONLY_APPROVER_OR_REQUESTER_REJECTS', 'Only a finance approver or the requester can reject a request', 'FORBIDDEN');
      }
      const decision = decideRejection(p, reason);
      if (!decision.ok) throw refusalError(decision);
      const rows = rowsOf(
        await m.query(
          `UPDATE payment SET status = 'REJECTED', rejection_reason = $3, decided_by = $4, updated_at = now()
            WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
          [paymentId, decision.value.from, decision.value.reason, user.id],
        ),
      );
      if (!rows.length) throw new ConflictError('DISBURSEMENT.PAYMENT_STATE_CONFLICT', 'The payment changed while it was being rejected');
      await appendAudit(m, {
        action: 'PAYMENT_REJECTED',
        entityType: 'payment',
        entityId: paymentId,
        before: { status: p.status },
        after: { status: 'REJECTED', reason: decision.value.reason },
        actorId: user.id,
      });
      return { paymentId, status: 'REJECTED', reason: decision.value.reason };
    });
  }
}
