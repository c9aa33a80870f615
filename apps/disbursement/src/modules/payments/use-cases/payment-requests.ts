import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { fundsPosition, GrantRow } from '../../grants/grant-row';
import { checkWithinFunds } from '../domain/approval-rules';
import { accept, Outcome, refuse } from '../domain/outcome';

export interface NewPaymentRequest {
  /** Locked by the caller (`lockGrant`): the funds check below relies on it. */
  grant: GrantRow;
  trancheSequence: number | null;
  amountMinor: bigint;
  origin: 'TRANCHE_TRIGGER' | 'FINANCE_OFFICER';
  requestedBy: string;
  note?: string | null;
}

/**
 * Creates a payment request awaiting approval, after checking it against what is still free under
 * the grant and the call — counting the requests already awaiting approval too, so the requests
 * never promise more than the grant; the approving transaction checks again, authoritatively.
 */
@Injectable()
export class PaymentRequests {
  async create(m: EntityManager, r: NewPaymentRequest): Promise<Outcome<{ paymentId: string }>> {
    const funds = await fundsPosition(m, r.grant, { includeRequests: true });
    const fits = checkWithinFunds(r.amountMinor, r.grant.currency, funds);
    if (!fits.ok) return fits;
    if (r.trancheSequence !== null) {
      const [live] = await m.query(
        `SELECT id, status FROM payment WHERE grant_id = $1 AND tranche_sequence = $2 AND status NOT IN ('REJECTED', 'CANCELLED')`,
        [r.grant.id, r.trancheSequence],
      );
      if (live) {
        return refuse('DISBURSEMENT.TRANCHE_ALREADY_REQUESTED', `Tranche ${r.trancheSequence} already has a payment (${live.status})`, [
          { field: 'trancheSequence', code: 'DUPLICATE', reason: `already requested: payment ${live.id}` },
        ]);
      }
    }
    const paymentId = randomUUID();
    await m.query(
      `INSERT INTO payment (id, grant_id, call_id, payee_id, tranche_sequence, amount_minor, currency, status, origin, note, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING_APPROVAL', $8, $9, $10)`,
      [paymentId, r.grant.id, r.grant.callId, r.grant.payeeId, r.trancheSequence, r.amountMinor.toString(), r.grant.currency, r.origin, r.note ?? null, r.requestedBy],
    );
    await appendAudit(m, {
      action: 'PAYMENT_REQUESTED',
      entityType: 'payment',
      entityId: paymentId,
      after: {
        status: 'PENDING_APPROVAL',
        grantId: r.grant.id,
        trancheSequence: r.trancheSequence,
        amountMinor: r.amountMinor.toString(),
        currency: r.grant.currency,
        origin: r.origin,
      },
      actorId: r.requestedBy,
    });
    return accept({ paymentId });
  }
}
