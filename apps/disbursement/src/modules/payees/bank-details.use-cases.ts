import { AuthUser, assertCanAccess, hasRole } from '@grants/auth';
import { ConflictError } from '@grants/common';
import { appendAudit, rowsOf } from '@grants/database';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { grantNotFound, refusalError } from '../shared/disbursement.errors';
import { bankDetailsChangeNeedsConfirmation, checkBankDetailsConfirmer } from '../payments/domain/approval-rules';
import { BankDetailsInput, maskIban, normaliseBankDetails } from '../payments/domain/bank-details';

/** Finance staff may enter or correct bank details on a grantee's behalf (and confirm others' changes). */
export const BANK_DETAILS_STAFF = ['FINANCE_OFFICER', 'FINANCE_APPROVER'] as const;

async function payeeOf(m: EntityManager, grantId: string, lock: boolean) {
  const [row] = await m.query(
    `SELECT g.id AS "grantId", g.applicant_user_id AS "applicantUserId", g.status, p.id AS "payeeId"
       FROM grant_account g JOIN payee p ON p.grant_id = g.id WHERE g.id = $1 ${lock ? 'FOR UPDATE OF p' : ''}`,
    [grantId],
  );
  return row as { grantId: string; applicantUserId: string | null; status: string; payeeId: string } | undefined;
}

/**
 * The awardee enters their bank details (validated and normalised: IBAN by ibantools, BIC, holder
 * as written). Details are a history: a change adds a version. Once any payment to the payee has
 * had an approval, a change needs a second finance user's confirmation before anything more is
 * approved, and whoever changed them can never approve a payment to this payee.
 */
@Injectable()
export class EnterBankDetailsUseCase {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async execute(grantId: string, user: AuthUser, input: BankDetailsInput): Promise<{ versionId: string; confirmationRequired: boolean }> {
    const details = normaliseBankDetails(input);
    return this.ds.transaction(async (m) => {
      const payee = await payeeOf(m, grantId, true);
      if (!payee) throw grantNotFound(grantId);
      assertCanAccess(user, payee.applicantUserId, [...BANK_DETAILS_STAFF], () => grantNotFound(grantId));
      if (!details.ok) throw refusalError(details);
      if (payee.status === 'CLOSED' || payee.status === 'TERMINATED') {
        throw new ConflictError('DISBURSEMENT.GRANT_NOT_OPEN', `The grant is ${payee.status}`);
      }
      const [{ approved }] = await m.query(
        `SELECT EXISTS (SELECT 1 FROM payment_approval a JOIN payment p ON p.id = a.payment_id WHERE p.payee_id = $1) AS approved`,
        [payee.payeeId],
      );
      const confirmationRequired = bankDetailsChangeNeedsConfirmation(approved, user.id === payee.applicantUserId);
      const id = randomUUID();
      const d = details.value;
      await m.query(
        `INSERT INTO bank_details (id, payee_id, iban, bic, account_holder, country_code, sepa, changed_by, confirmation_required)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, payee.payeeId, d.iban, d.bic, d.accountHolder, d.countryCode, d.sepa, user.id, confirmationRequired],
      );
      await appendAudit(m, {
        action: 'BANK_DETAILS_CHANGED',
        entityType: 'payee',
        entityId: payee.payeeId,
        after: { versionId: id, iban: maskIban(d.iban), bic: d.bic, accountHolder: d.accountHolder, confirmationRequired },
        actorId: user.id,
      });
      // Approvals bind to the version they saw: a new version voids the partial approvals of the
      // payee's payments still awaiting a second approver, which need approval again from the start.
      const voided = await m.query(
        `UPDATE payment SET status = 'PENDING_APPROVAL', updated_at = now()
          WHERE payee_id = $1 AND status = 'PARTIALLY_APPROVED' RETURNING id`,
        [payee.payeeId],
      );
      for (const row of rowsOf<{ id: string }>(voided)) {
        await appendAudit(m, {
          action: 'PAYMENT_APPROVALS_VOIDED',
          entityType: 'payment',
          entityId: row.id,
          before: { status: 'PARTIALLY_APPROVED' },
          after: { status: 'PENDING_APPROVAL', bankDetailsId: id },
          actorId: user.id,
        });
      }
      return { versionId: id, confirmationRequired };
    });
  }
}

/**
 * Someone other than whoever made it confirms a bank-details entry that needs it: a finance user
 * (any change), or the grantee (what staff entered on their behalf).
 */
@Injectable()
export class ConfirmBankDetailsUseCase {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async execute(grantId: string, user: AuthUser): Promise<{ versionId: string }> {
    return this.ds.transaction(async (m) => {
      const payee = await payeeOf(m, grantId, true);
      if (!payee) throw grantNotFound(grantId);
      assertCanAccess(user, payee.applicantUserId, [...BANK_DETAILS_STAFF], () => grantNotFound(grantId));
      const [current] = await m.query(
        `SELECT id, changed_by AS "changedBy", changed_at AS "changedAt", confirmation_required AS "confirmationRequired",
                confirmed_by AS "confirmedBy", confirmed_at AS "confirmedAt"
           FROM bank_details WHERE payee_id = $1 ORDER BY changed_at DESC, id DESC LIMIT 1`,
        [payee.payeeId],
      );
      if (!current || !current.confirmationRequired || current.confirmedBy) {
        throw new ConflictError('DISBURSEMENT.NOTHING_TO_CONFIRM', 'The current bank details need no confirmation');
      }
      const allowed = checkBankDetailsConfirmer(current, user.id, {
        isStaff: hasRole(user, ...BANK_DETAILS_STAFF),
        isGrantee: !!payee.applicantUserId && payee.applicantUserId === user.id,
      });
      if (!allowed.ok) throw refusalError(allowed);
      await m.query(`UPDATE bank_details SET confirmed_by = $2, confirmed_at = clock_timestamp() WHERE id = $1 AND confirmed_by IS NULL`, [
        current.id,
        user.id,
      ]);
      await appendAudit(m, {
        action: 'BANK_DETAILS_CONFIRMED',
        entityType: 'payee',
        entityId: payee.payeeId,
        before: { versionId: current.id, confirmedBy: null },
        after: { versionId: current.id, confirmedBy: user.id },
        actorId: user.id,
      });
      return { versionId: current.id };
    });
  }
}

export async function bankDetailsView(m: EntityManager, grantId: string, user: AuthUser) {
  const payee = await payeeOf(m, grantId, false);
  if (!payee) throw grantNotFound(grantId);
  assertCanAccess(user, payee.applicantUserId, [...BANK_DETAILS_STAFF], () => grantNotFound(grantId));
  const history = await m.query(
    `SELECT id AS "versionId", iban, bic, account_holder AS "accountHolder", country_code AS "countryCode", sepa,
            changed_by AS "changedBy", changed_at AS "changedAt", confirmation_required AS "confirmationRequired",
            confirmed_by AS "confirmedBy", confirmed_at AS "confirmedAt"
       FROM bank_details WHERE payee_id = $1 ORDER BY changed_at, id`,
    [payee.payeeId],
  );
  const current = history[history.length - 1] ?? null;
  return {
    payeeId: payee.payeeId,
    current: current && {
      ...current,
      confirmed: !current.confirmationRequired || (!!current.confirmedBy && current.confirmedBy !== current.changedBy),
    },
    history,
  };
}
