import { appendAudit, rowsOf } from '@grants/database';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { GrantRow } from '../../grants/grant-row';
import { TrancheTrigger } from '../domain/tranche-plan';
import { PaymentRequests } from './payment-requests';

/**
 * A lifecycle event (agreement signed, n-th interim report approved, final report approved)
 * releases its tranche, and a payment request for it is created at once, in the same transaction.
 * The person whose act released it is its requester: they cannot also approve it. If the request
 * cannot be created (the call's budget is spent), the tranche stays released without one, visibly,
 * and a finance officer requests it when the money is there.
 */
@Injectable()
export class TrancheReleaser {
  private readonly logger = new Logger('TrancheReleaser');

  constructor(private readonly requests: PaymentRequests) {}

  /** `grant` must be locked (`lockGrant`). Returns the new payment's id, if one was created. */
  async release(m: EntityManager, grant: GrantRow, trigger: TrancheTrigger, occurrence: number, actorId: string): Promise<string | null> {
    const [t] = rowsOf<{ sequence: number; amountMinor: string }>(await m.query(
      `UPDATE grant_tranche SET released_at = now(), released_by = $4
        WHERE grant_id = $1 AND trigger = $2 AND occurrence = $3 AND released_at IS NULL
        RETURNING sequence, amount_minor::text AS "amountMinor"`,
      [grant.id, trigger, occurrence, actorId],
    ));
    if (!t) return null;
    await appendAudit(m, {
      action: 'TRANCHE_RELEASED',
      entityType: 'grant',
      entityId: grant.id,
      after: { sequence: t.sequence, trigger, occurrence, amountMinor: t.amountMinor },
      actorId,
    });
    const created = await this.requests.create(m, {
      grant,
      trancheSequence: t.sequence,
      amountMinor: BigInt(t.amountMinor),
      origin: 'TRANCHE_TRIGGER',
      requestedBy: actorId,
      note: `Released by ${trigger}${trigger === 'ON_INTERIM_REPORT_APPROVED' ? ` (report ${occurrence})` : ''}`,
    });
    if (!created.ok) {
      this.logger.warn(`grant ${grant.id}: tranche ${t.sequence} released but not requested: ${created.code} ${created.message}`);
      return null;
    }
    return created.value.paymentId;
  }
}
