import { Topics } from '@grants/contracts';
import { appendAudit, rowsOf } from '@grants/database';
import { OutboxWriter } from '@grants/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { GrantClosure } from '../../grants/grant-closure';
import { endToEndIdFor } from '../domain/end-to-end-id';
import { PAYMENT_TRANSITIONS, PaymentTransitionOutcome } from '../domain/payment-state';
import { StaleBankAnswer } from '../providers/payment-provider';
import { PaymentRow } from '../payment-row';

/**
 * APPLIED; ALREADY (a harmless repeat); STALE (an answer about an earlier execution); CONFLICT
 * (someone decided otherwise: logged); CHANGED (the row is no longer what `p` says: re-read it
 * locked and decide again).
 */
export type RecordResult = 'APPLIED' | 'ALREADY' | 'STALE' | 'CONFLICT' | 'CHANGED';

export interface RecordContext {
  /** Who moved it: a user id, or `system:<component>`. */
  actorId: string;
  bankReference?: string | null;
}

/**
 * Applies the execution transitions (sent, paid, failed) as conditional updates —
 * `UPDATE payment … WHERE id = $1 AND status = ANY(<the rule's from>)` — with their effects in the
 * same transaction: the audit entry, the ledger's PAYMENT entry and `payment.paid` for a booking,
 * `payment.failed` for a failure, and the grant's closure check. A repeat (the bank answered twice,
 * the worker overtaken by the answer) changes nothing.
 */
@Injectable()
export class PaymentRecorder {
  private readonly logger = new Logger('PaymentRecorder');

  constructor(
    private readonly outbox: OutboxWriter,
    private readonly closure: GrantClosure,
  ) {}

  /**
   * `p` is the payment as read, locked (`lockPayment`) or not: each update also requires the
   * status and execution `p` shows (a compare-and-set), so a decision taken on a stale read
   * changes nothing and answers CHANGED.
   */
  async apply(m: EntityManager, p: PaymentRow, outcome: PaymentTransitionOutcome | StaleBankAnswer, ctx: RecordContext): Promise<RecordResult> {
    if (!outcome.ok) {
      if (outcome.code === 'DISBURSEMENT.PAYMENT_ALREADY_IN_STATE') return 'ALREADY';
      if (outcome.code === 'DISBURSEMENT.STALE_BANK_ANSWER') return 'STALE';
      this.logger.warn(`payment ${p.id}: ${outcome.code} ${outcome.message}`);
      return 'CONFLICT';
    }
    const t = outcome.value;
    const from = PAYMENT_TRANSITIONS[t.name].from as readonly string[];
    let rows: { status: string }[] = [];
    switch (t.name) {
      case 'markSent':
        rows = rowsOf(
          await m.query(
            `UPDATE payment SET status = 'SENT', sent_at = now(), bank_reference = COALESCE($3, bank_reference), updated_at = now()
              WHERE id = $1 AND status = ANY($2::text[]) AND status = $4 AND execution = $5 RETURNING status`,
            [p.id, from, ctx.bankReference ?? null, p.status, p.execution],
          ),
        );
        break;
      case 'confirmPaid':
        rows = rowsOf(
          await m.query(
            `UPDATE payment SET status = 'PAID', paid_at = now(), bank_reference = COALESCE($3, bank_reference), updated_at = now()
              WHERE id = $1 AND status = ANY($2::text[]) AND status = $4 AND execution = $5 RETURNING status`,
            [p.id, from, ctx.bankReference ?? null, p.status, p.execution],
          ),
        );
        break;
      case 'markFailed':
        rows = rowsOf(
          await m.query(
            `UPDATE payment SET status = 'FAILED', failed_at = now(), failure_kind = $3, failure_reason = $4, updated_at = now()
              WHERE id = $1 AND status = ANY($2::text[]) AND status = $5 AND execution = $6 RETURNING status`,
            [p.id, from, t.failure!.kind, t.failure!.reason, p.status, p.execution],
          ),
        );
        break;
      case 'retryByPerson':
        rows = rowsOf(
          await m.query(
            `UPDATE payment SET status = 'APPROVED', execution = $3, run_number = run_number + 1, file_id = NULL,
                    failure_kind = NULL, failure_reason = NULL, failed_at = NULL, sent_at = NULL, updated_at = now()
              WHERE id = $1 AND status = ANY($2::text[]) AND status = $4 AND execution = $5 RETURNING status, run_number AS "runNumber"`,
            [p.id, from, t.execution, p.status, p.execution],
          ),
        );
        break;
      case 'cancelByPerson':
        rows = rowsOf(
          await m.query(
            `UPDATE payment SET status = 'CANCELLED', updated_at = now()
              WHERE id = $1 AND status = ANY($2::text[]) AND status = $3 AND execution = $4 RETURNING status`,
            [p.id, from, p.status, p.execution],
          ),
        );
        break;
      default:
        throw new Error(`The recorder does not apply ${t.name}`);
    }
    if (!rows.length) return 'CHANGED';

    await appendAudit(m, {
      action: `PAYMENT_${t.to}`,
      entityType: 'payment',
      entityId: p.id,
      before: { status: p.status, execution: p.execution },
      after: {
        status: t.to,
        ...(t.failure ? { failureKind: t.failure.kind, reason: t.failure.reason } : {}),
        ...(t.execution ? { execution: t.execution } : {}),
        ...(ctx.bankReference ? { bankReference: ctx.bankReference } : {}),
      },
      actorId: ctx.actorId,
    });

    const people = {
      paymentId: p.id,
      grantId: p.grantId,
      callId: p.callId,
      applicationId: p.applicationId,
      ...(p.applicantUserId ? { applicantUserId: p.applicantUserId } : {}),
      amountMinor: p.amountMinor.toString(),
      currency: p.currency,
      ...(p.trancheSequence ? { trancheSequence: p.trancheSequence } : {}),
    };
    if (t.to === 'PAID') {
      await m.query(
        `INSERT INTO ledger_entry (call_id, grant_id, payment_id, kind, amount_minor, currency, description, recorded_by)
         VALUES ($1, $2, $3, 'PAYMENT', $4, $5, $6, $7)`,
        [
          p.callId,
          p.grantId,
          p.id,
          p.amountMinor.toString(),
          p.currency,
          p.trancheSequence ? `Tranche ${p.trancheSequence} paid` : 'Payment',
          ctx.actorId,
        ],
      );
      await this.outbox.append(m, {
        topic: Topics.PaymentPaidV1,
        aggregateId: p.id,
        payload: {
          ...people,
          endToEndId: endToEndIdFor(p.id),
          ...(ctx.bankReference ?? p.bankReference ? { bankReference: (ctx.bankReference ?? p.bankReference)! } : {}),
          paidAt: new Date().toISOString(),
        },
      });
      await this.closure.closeIfComplete(m, p.grantId, ctx.actorId);
    } else if (t.to === 'FAILED') {
      await this.outbox.append(m, {
        topic: Topics.PaymentFailedV1,
        aggregateId: p.id,
        payload: { ...people, failureKind: t.failure!.kind, reason: t.failure!.reason.slice(0, 2000), failedAt: new Date().toISOString() },
      });
    }
    return 'APPLIED';
  }
}
