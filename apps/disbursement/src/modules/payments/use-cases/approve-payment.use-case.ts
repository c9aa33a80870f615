import { AuthUser } from '@grants/auth';
import { ConflictError } from '@grants/common';
import { Topics } from '@grants/contracts';
import { appendAudit, rowsOf } from '@grants/database';
import { JobScheduler } from '@grants/jobs';
import { OutboxWriter } from '@grants/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { isSEPACountry } from 'ibantools';
import { DataSource, EntityManager } from 'typeorm';
import { DisbursementConfig } from '../../../config/disbursement.config';
import { grantNotOpen, paymentNotFound, refusalError } from '../../shared/disbursement.errors';
import { fundsPosition, lockGrant } from '../../grants/grant-row';
import { BankDetailsChange, decideApproval } from '../domain/approval-rules';
import { scheduleExecution } from '../execution/payment-jobs';
import { lockPayment, snapshotOf } from '../payment-row';

interface BankDetailsVersion extends BankDetailsChange {
  id: string;
  iban: string;
  bic: string | null;
  accountHolder: string;
  countryCode: string;
}

export async function bankDetailsHistory(m: EntityManager, payeeId: string): Promise<BankDetailsVersion[]> {
  return m.query(
    `SELECT id, iban, bic, account_holder AS "accountHolder", country_code AS "countryCode", changed_by AS "changedBy",
            changed_at AS "changedAt", confirmation_required AS "confirmationRequired", confirmed_by AS "confirmedBy",
            confirmed_at AS "confirmedAt"
       FROM bank_details WHERE payee_id = $1 ORDER BY changed_at, id`,
    [payeeId],
  );
}

/**
 * One finance approver's approval, decided by `decideApproval` in one transaction that holds the
 * call's and the grant's row locks (so two approvals cannot both spend the same remainder of the
 * budget, and two approvers approving at once are decided one after the other) and applied as a
 * conditional update `WHERE status = ANY(from)`. A refusal writes nothing. The final approval
 * snapshots the payee's current bank details into the payment — the account the money goes to —
 * and schedules its execution, which starts after commit.
 */
@Injectable()
export class ApprovePaymentUseCase {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly scheduler: JobScheduler,
    private readonly config: DisbursementConfig,
  ) {}

  async execute(paymentId: string, approver: AuthUser): Promise<{ paymentId: string; status: string; approvalsRequired: number; approverIds: readonly string[] }> {
    return this.ds.transaction(async (m) => {
      const [head] = await m.query(`SELECT grant_id AS "grantId" FROM payment WHERE id = $1`, [paymentId]);
      if (!head) throw paymentNotFound(paymentId);
      const grant = await lockGrant(m, head.grantId);
      const p = await lockPayment(m, paymentId);
      if (!grant || !p) throw paymentNotFound(paymentId);

      const history = await bankDetailsHistory(m, p.payeeId);
      const approvals = await m.query(
        `SELECT approver_id AS "approverId", approved_at AS "approvedAt", bank_details_id AS "bankDetailsId" FROM payment_approval WHERE payment_id = $1 ORDER BY id`,
        [paymentId],
      );
      const [tranche] = await m.query(`SELECT amount_minor::text AS "amountMinor" FROM grant_tranche WHERE grant_id = $1 AND sequence = $2`, [
        grant.id,
        p.trancheSequence,
      ]);
      const funds = await fundsPosition(m, grant, { excludePaymentId: paymentId });
      const decision = decideApproval({
        request: { paymentId, payeeId: p.payeeId, requestedBy: p.requestedBy, amountMinor: p.amountMinor,
          // A payment made before every request had to name a tranche: its own amount.
          trancheAmountMinor: tranche ? BigInt(tranche.amountMinor) : p.amountMinor,
          currency: p.currency,
          status: p.status,
        },
        approverId: approver.id,
        bankDetailsHistory: history,
        approvals,
        thresholds: this.config.twoApproverThresholds,
        funds,
      });
      if (!decision.ok) throw refusalError(decision);
      if (grant.status !== 'OPEN') throw grantNotOpen(grant.status);
      const d = decision.value;
      const current = history[history.length - 1];

      await m.query(`INSERT INTO payment_approval (payment_id, approver_id, bank_details_id) VALUES ($1, $2, $3)`, [paymentId, approver.id, current.id]);
      let updated: unknown[];
      if (d.outcome === 'APPROVED') {
        const sepa = p.currency === 'EUR' && this.config.PAYMENT_EUR_CHANNEL === 'SEPA_FILE' && isSEPACountry(current.countryCode);
        const tranches: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM grant_tranche WHERE grant_id = $1`, [grant.id]);
        const remittance = [
          grant.callReference,
          grant.reference,
          p.trancheSequence ? `tranche ${p.trancheSequence}/${tranches[0].n}` : 'payment',
        ]
          .filter(Boolean)
          .join(' · ')
          .slice(0, 140);
        updated = rowsOf(
          await m.query(
            `UPDATE payment SET status = 'APPROVED', approvals_required = $3, approved_at = now(), decided_by = $4,
                    bank_details_id = $5, creditor_name = $6, creditor_iban = $7, creditor_bic = $8, remittance = $9, channel = $10,
                    updated_at = now()
              WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
            [
              paymentId,
              d.from,
              d.approvalsRequired,
              approver.id,
              current.id,
              current.accountHolder,
              current.iban,
              current.bic,
              remittance,
              sepa ? 'SEPA_FILE' : 'SIMULATED_BANK',
            ],
          ),
        );
      } else {
        updated = rowsOf(
          await m.query(
            `UPDATE payment SET status = 'PARTIALLY_APPROVED', approvals_required = $3, updated_at = now()
              WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
            [paymentId, d.from, d.approvalsRequired],
          ),
        );
      }
      if (!updated.length) throw new ConflictError('DISBURSEMENT.PAYMENT_STATE_CONFLICT', 'The payment changed while it was being approved');

      await appendAudit(m, {
        action: d.outcome === 'APPROVED' ? 'PAYMENT_APPROVED' : 'PAYMENT_PARTIALLY_APPROVED',
        entityType: 'payment',
        entityId: paymentId,
        before: { status: snapshotOf(p).status },
        after: { status: d.to, approvalsRequired: d.approvalsRequired, approverIds: d.approverIds, bankDetailsId: current.id },
        actorId: approver.id,
      });
      if (d.outcome === 'APPROVED') {
        await this.outbox.append(m, {
          topic: Topics.PaymentApprovedV1,
          aggregateId: paymentId,
          payload: {
            paymentId,
            grantId: grant.id,
            callId: grant.callId,
            applicationId: grant.applicationId,
            ...(grant.applicantUserId ? { applicantUserId: grant.applicantUserId } : {}),
            amountMinor: p.amountMinor.toString(),
            currency: p.currency,
            ...(p.trancheSequence ? { trancheSequence: p.trancheSequence } : {}),
            approverIds: [...d.approverIds],
            approvedAt: new Date().toISOString(),
          },
        });
        const sepa = p.currency === 'EUR' && this.config.PAYMENT_EUR_CHANNEL === 'SEPA_FILE' && isSEPACountry(current.countryCode);
        await scheduleExecution(this.scheduler, m, { id: paymentId, runNumber: p.runNumber }, sepa ? this.config.SEPA_BATCH_DELAY_MS : 0);
      }
      return { paymentId, status: d.to, approvalsRequired: d.approvalsRequired, approverIds: d.approverIds };
    });
  }
}
