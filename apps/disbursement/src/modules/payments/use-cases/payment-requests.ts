import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { fundsPosition, GrantRow } from '../../grants/grant-row';
import { checkWithinFunds } from '../domain/approval-rules';
import { accept, Outcome } from '../domain/outcome';
import { decideTrancheRequest } from '../domain/tranche-request';

export interface NewPaymentRequest {
  /** Locked by the caller (`lockGrant`): the tranche and funds checks below rely on it. */
  grant: GrantRow;
  trancheSequence: number;
  /** Null: all of the tranche not requested yet. */
  amountMinor: bigint | null;
  origin: 'TRANCHE_TRIGGER' | 'FINANCE_OFFICER';
  requestedBy: string;
  note?: string | null;
}

/**
 * Creates a payment request awaiting approval against a tranche (`decideTrancheRequest`: released,
 * and never more than the tranche in total), after checking it against what is still free under
 * the grant and the call — counting the requests already awaiting approval too, so the requests
 * never promise more than the grant; the approving transaction checks again, authoritatively.
 */
@Injectable()
export class PaymentRequests {
  async create(m: EntityManager, r: NewPaymentRequest): Promise<Outcome<{ paymentId: string }>> {
    const tranche = await trancheForRequest(m, r.grant.id, r.trancheSequence);
    const decided = decideTrancheRequest({
      sequence: r.trancheSequence,
      tranche: tranche && { ...tranche, amountMinor: BigInt(tranche.amountMinor) },
      amountMinor: r.amountMinor,
      alreadyRequestedMinor: tranche ? BigInt(tranche.requestedMinor) : 0n,
    });
    if (!decided.ok) return decided;
    const amountMinor = decided.value.amountMinor;
    const funds = await fundsPosition(m, r.grant, { includeRequests: true });
    const fits = checkWithinFunds(amountMinor, r.grant.currency, funds);
    if (!fits.ok) return fits;
    const paymentId = randomUUID();
    await m.query(
      `INSERT INTO payment (id, grant_id, call_id, payee_id, tranche_sequence, amount_minor, currency, status, origin, note, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING_APPROVAL', $8, $9, $10)`,
      [paymentId, r.grant.id, r.grant.callId, r.grant.payeeId, r.trancheSequence, amountMinor.toString(), r.grant.currency, r.origin, r.note ?? null, r.requestedBy],
    );
    await appendAudit(m, {
      action: 'PAYMENT_REQUESTED',
      entityType: 'payment',
      entityId: paymentId,
      after: {
        status: 'PENDING_APPROVAL',
        grantId: r.grant.id,
        trancheSequence: r.trancheSequence,
        amountMinor: amountMinor.toString(),
        currency: r.grant.currency,
        origin: r.origin,
      },
      actorId: r.requestedBy,
    });
    return accept({ paymentId });
  }
}

/** The tranche and what its live requests (neither REJECTED nor CANCELLED) already ask for. */
export async function trancheForRequest(m: EntityManager, grantId: string, sequence: number) {
  const [t] = await m.query(
    `SELECT t.sequence, t.amount_minor::text AS "amountMinor", t.trigger, t.released_at AS "releasedAt",
            COALESCE((SELECT sum(p.amount_minor) FROM payment p
                       WHERE p.grant_id = t.grant_id AND p.tranche_sequence = t.sequence AND p.status NOT IN ('REJECTED', 'CANCELLED')), 0)::text AS "requestedMinor"
       FROM grant_tranche t WHERE t.grant_id = $1 AND t.sequence = $2`,
    [grantId, sequence],
  );
  return t as { sequence: number; amountMinor: string; trigger: string; releasedAt: Date | null; requestedMinor: string } | undefined;
}
