import { AuthUser } from '@grants/auth';
import { ConflictError } from '@grants/common';
import { Topics } from '@grants/contracts';
import { appendAudit, rowsOf } from '@grants/database';
import { OutboxWriter } from '@grants/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { grantNotFound } from '../../shared/disbursement.errors';
import { lockGrant } from '../grant-row';

/**
 * Ends a grant early (the grantee withdrew, the project stopped): requests still awaiting approval
 * are rejected, and the part of the commitment that was never paid is given back to the call by a
 * REVERSAL entry — the ledger is never edited. Refused while money may still be moving (a payment
 * approved, sent, or failed and not yet settled by a person).
 */
@Injectable()
export class TerminateGrantUseCase {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(grantId: string, user: AuthUser, reason: string): Promise<{ reversedMinor: string }> {
    return this.ds.transaction(async (m) => {
      const grant = await lockGrant(m, grantId);
      if (!grant) throw grantNotFound(grantId);
      if (grant.status === 'CLOSED' || grant.status === 'TERMINATED') {
        throw new ConflictError('DISBURSEMENT.GRANT_ALREADY_CLOSED', `The grant is already ${grant.status}`);
      }
      const [moving] = await m.query(`SELECT id, status FROM payment WHERE grant_id = $1 AND status IN ('APPROVED', 'SENT', 'FAILED') LIMIT 1`, [grantId]);
      if (moving) {
        throw new ConflictError('DISBURSEMENT.PAYMENT_IN_FLIGHT', `Payment ${moving.id} is ${moving.status}: settle it before ending the grant`);
      }
      const pending = rowsOf<{ id: string; status: string }>(await m.query(
        `UPDATE payment SET status = 'REJECTED', rejection_reason = $2, decided_by = $3, updated_at = now()
          WHERE grant_id = $1 AND status IN ('PENDING_APPROVAL', 'PARTIALLY_APPROVED') RETURNING id, status`,
        [grantId, `grant terminated: ${reason}`, user.id],
      ));
      for (const p of pending) {
        await appendAudit(m, { action: 'PAYMENT_REJECTED', entityType: 'payment', entityId: p.id, after: { status: 'REJECTED', reason: 'grant terminated' }, actorId: user.id });
      }
      const [commitment] = await m.query(
        `SELECT c.id, c.amount_minor::text AS "amountMinor",
                (SELECT COALESCE(SUM(amount_minor), 0) FROM ledger_entry r WHERE r.reverses_entry_id = c.id)::text AS "reversedMinor",
                (SELECT COALESCE(SUM(amount_minor), 0) FROM ledger_entry p WHERE p.grant_id = c.grant_id AND p.kind = 'PAYMENT')::text AS "paidMinor"
           FROM ledger_entry c WHERE c.grant_id = $1 AND c.kind = 'COMMITMENT'`,
        [grantId],
      );
      const unpaid = commitment ? BigInt(commitment.amountMinor) + BigInt(commitment.reversedMinor) - BigInt(commitment.paidMinor) : 0n;
      if (unpaid > 0n) {
        await m.query(
          `INSERT INTO ledger_entry (call_id, grant_id, kind, amount_minor, currency, reverses_entry_id, description, recorded_by)
           VALUES ($1, $2, 'REVERSAL', $3, $4, $5, $6, $7)`,
          [grant.callId, grantId, (-unpaid).toString(), grant.currency, commitment.id, `Unpaid commitment released: ${reason}`.slice(0, 500), user.id],
        );
      }
      await m.query(
        `UPDATE grant_account SET status = 'TERMINATED', closed_at = now(), close_outcome = 'TERMINATED', updated_at = now() WHERE id = $1`,
        [grantId],
      );
      await appendAudit(m, {
        action: 'GRANT_TERMINATED',
        entityType: 'grant',
        entityId: grantId,
        before: { status: grant.status },
        after: { status: 'TERMINATED', reason, reversedMinor: unpaid.toString() },
        actorId: user.id,
      });
      const paid = commitment ? commitment.paidMinor : '0';
      await this.outbox.append(m, {
        topic: Topics.GrantClosedV1,
        aggregateId: grantId,
        payload: {
          grantId,
          awardId: grant.awardId,
          callId: grant.callId,
          applicationId: grant.applicationId,
          ...(grant.applicantUserId ? { applicantUserId: grant.applicantUserId } : {}),
          outcome: 'TERMINATED',
          amountMinor: grant.amountMinor.toString(),
          paidMinor: paid,
          currency: grant.currency,
          closedAt: new Date().toISOString(),
        },
      });
      return { reversedMinor: unpaid.toString() };
    });
  }
}
