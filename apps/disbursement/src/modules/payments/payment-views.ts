import { EntityManager } from 'typeorm';
import { maskIban } from './domain/bank-details';
import { endToEndIdFor } from './domain/end-to-end-id';

const VIEW_COLUMNS = `p.id, p.grant_id AS "grantId", p.call_id AS "callId", p.tranche_sequence AS "trancheSequence",
  p.amount_minor::text AS "amountMinor", trim(p.currency) AS currency, p.status, p.origin, p.note, p.requested_by AS "requestedBy",
  p.requested_at AS "requestedAt", p.approvals_required AS "approvalsRequired", p.approved_at AS "approvedAt",
  p.rejection_reason AS "rejectionReason", p.execution, p.channel, p.file_id AS "fileId", p.bank_reference AS "bankReference",
  p.creditor_name AS "creditorName", p.creditor_iban AS "creditorIban", p.creditor_bic AS "creditorBic",
  p.sent_at AS "sentAt", p.paid_at AS "paidAt", p.failed_at AS "failedAt", p.failure_kind AS "failureKind",
  p.failure_reason AS "failureReason", p.updated_at AS "updatedAt",
  COALESCE((SELECT json_agg(json_build_object('approverId', a.approver_id, 'approvedAt', a.approved_at) ORDER BY a.id)
              FROM payment_approval a WHERE a.payment_id = p.id), '[]'::json) AS approvals`;

export interface PaymentView {
  id: string;
  status: string;
  [key: string]: unknown;
}

function shape(r: Record<string, any>, forGrantee: boolean): PaymentView {
  const { creditorName, creditorIban, creditorBic, requestedBy, approvals, ...rest } = r;
  const creditor = creditorIban ? { name: creditorName, iban: maskIban(creditorIban), bic: creditorBic } : null;
  const base: PaymentView = { ...rest, id: r.id, status: r.status, endToEndId: endToEndIdFor(r.id), creditor };
  if (forGrantee) {
    // The grantee sees what is paid to them and when, not who in finance did what.
    delete base.note;
    delete base.fileId;
    delete base.approvalsRequired;
    return base;
  }
  return { ...base, requestedBy, approvals };
}

export async function paymentView(m: EntityManager, paymentId: string): Promise<PaymentView | undefined> {
  const [r] = await m.query(`SELECT ${VIEW_COLUMNS} FROM payment p WHERE p.id = $1`, [paymentId]);
  return r ? shape(r, false) : undefined;
}

export async function paymentViews(
  m: EntityManager,
  filter: { grantId?: string; callId?: string; status?: string },
  forGrantee = false,
): Promise<PaymentView[]> {
  const rows = await m.query(
    `SELECT ${VIEW_COLUMNS} FROM payment p
      WHERE ($1::uuid IS NULL OR p.grant_id = $1) AND ($2::uuid IS NULL OR p.call_id = $2) AND ($3::text IS NULL OR p.status = $3)
      ORDER BY p.requested_at, p.id LIMIT 1000`,
    [filter.grantId ?? null, filter.callId ?? null, filter.status ?? null],
  );
  return rows.map((r: Record<string, any>) => shape(r, forGrantee));
}
