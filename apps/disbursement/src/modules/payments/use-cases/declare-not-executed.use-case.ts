import { AuthUser } from '@grants/auth';
import { ConflictError } from '@grants/common';
import { appendAudit, rowsOf } from '@grants/database';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { paymentNotFound, refusalError } from '../../shared/disbursement.errors';
import { BankRecord, decideNotExecuted } from '../domain/payment-state';
import { lockPayment, snapshotOf } from '../payment-row';
import { PgSimulatedBank } from '../providers/pg-simulated-bank';

/**
 * A finance user records that a payment whose outcome is unknown was not executed (the file never
 * reached the bank, or the bank confirmed it did not execute it). It takes two different people
 * (`decideNotExecuted`); the bank's own records, when they hold the payment, decide instead. Only
 * after the second declaration may the payment be retried in a new file or cancelled.
 */
@Injectable()
export class DeclareNotExecutedUseCase {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly bank: PgSimulatedBank,
  ) {}

  async execute(paymentId: string, user: AuthUser, reason: string): Promise<{ paymentId: string; declarations: number; notExecuted: boolean }> {
    // The bank's status report, read before the transaction: its records live in its own database.
    const held = await this.bank.entries([paymentId]);
    return this.ds.transaction(async (m) => {
      const p = await lockPayment(m, paymentId);
      if (!p) throw paymentNotFound(paymentId);
      const entry = held.find((e) => e.execution === p.execution);
      const bankRecord: BankRecord = entry ? (entry.status as BankRecord) : 'NONE';
      const earlier = rowsOf<{ declaredBy: string }>(
        await m.query(`SELECT declared_by AS "declaredBy" FROM payment_not_executed WHERE payment_id = $1 AND execution = $2 ORDER BY id`, [
          paymentId,
          p.execution,
        ]),
      );
      const decision = decideNotExecuted({
        current: snapshotOf(p),
        declarerId: user.id,
        earlierDeclarers: earlier.map((e) => e.declaredBy),
        bankRecord,
        reason,
      });
      if (!decision.ok) throw refusalError(decision);
      await m.query(`INSERT INTO payment_not_executed (payment_id, execution, declared_by, reason) VALUES ($1, $2, $3, $4)`, [
        paymentId,
        p.execution,
        user.id,
        reason.trim(),
      ]);
      const d = decision.value;
      if (d.complete) {
        const updated = rowsOf(
          await m.query(
            `UPDATE payment SET failure_kind = 'REJECTED', failure_reason = $2, updated_at = now()
              WHERE id = $1 AND status = 'FAILED' AND failure_kind = 'OUTCOME_UNKNOWN' AND execution = $3 RETURNING id`,
            [paymentId, d.failure.reason, p.execution],
          ),
        );
        if (!updated.length) throw new ConflictError('DISBURSEMENT.PAYMENT_STATE_CONFLICT', 'The payment changed while it was being declared');
      }
      await appendAudit(m, {
        action: d.complete ? 'PAYMENT_DECLARED_NOT_EXECUTED' : 'PAYMENT_NOT_EXECUTED_DECLARATION',
        entityType: 'payment',
        entityId: paymentId,
        before: { status: p.status, failureKind: p.failureKind },
        after: d.complete ? { status: 'FAILED', failureKind: 'REJECTED', reason: reason.trim() } : { declaredBy: user.id, reason: reason.trim() },
        actorId: user.id,
      });
      return { paymentId, declarations: earlier.length + 1, notExecuted: d.complete };
    });
  }
}
