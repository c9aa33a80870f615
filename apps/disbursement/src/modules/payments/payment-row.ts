import { EntityManager } from 'typeorm';
import { PaymentFailureKind, PaymentSnapshot, PaymentStatus } from './domain/payment-state';
import { endToEndIdFor } from './domain/end-to-end-id';
import { PaymentInstruction } from './providers/payment-provider';

/** A payment as the use cases and the worker see it (with its grant's people). */
export interface PaymentRow {
  id: string;
  grantId: string;
  callId: string;
  payeeId: string;
  applicationId: string;
  applicantUserId: string | null;
  trancheSequence: number | null;
  amountMinor: bigint;
  currency: string;
  status: PaymentStatus;
  origin: string;
  requestedBy: string;
  execution: number;
  runNumber: number;
  failureKind: PaymentFailureKind | null;
  failureReason: string | null;
  creditorName: string | null;
  creditorIban: string | null;
  creditorBic: string | null;
  remittance: string | null;
  channel: 'SEPA_FILE' | 'SIMULATED_BANK' | null;
  fileId: string | null;
  bankReference: string | null;
  approvedAt: Date | null;
  sentAt: Date | null;
}

const PAYMENT_COLUMNS = `p.id, p.grant_id AS "grantId", p.call_id AS "callId", p.payee_id AS "payeeId",
  g.application_id AS "applicationId", g.applicant_user_id AS "applicantUserId", p.tranche_sequence AS "trancheSequence",
  p.amount_minor::text AS "amountMinor", trim(p.currency) AS currency, p.status, p.origin, p.requested_by AS "requestedBy",
  p.execution, p.run_number AS "runNumber", p.failure_kind AS "failureKind", p.failure_reason AS "failureReason",
  p.creditor_name AS "creditorName", p.creditor_iban AS "creditorIban", p.creditor_bic AS "creditorBic", p.remittance,
  p.channel, p.file_id AS "fileId", p.bank_reference AS "bankReference", p.approved_at AS "approvedAt", p.sent_at AS "sentAt"`;

function toRow(r: Record<string, any>): PaymentRow {
  return { ...r, amountMinor: BigInt(r.amountMinor) } as PaymentRow;
}

export async function readPayment(m: EntityManager, paymentId: string): Promise<PaymentRow | undefined> {
  const [r] = await m.query(`SELECT ${PAYMENT_COLUMNS} FROM payment p JOIN grant_account g ON g.id = p.grant_id WHERE p.id = $1`, [paymentId]);
  return r ? toRow(r) : undefined;
}

/** Reads and row-locks the payment in the caller's transaction (its grant is not locked). */
export async function lockPayment(m: EntityManager, paymentId: string): Promise<PaymentRow | undefined> {
  const [r] = await m.query(
    `SELECT ${PAYMENT_COLUMNS} FROM payment p JOIN grant_account g ON g.id = p.grant_id WHERE p.id = $1 FOR UPDATE OF p`,
    [paymentId],
  );
  return r ? toRow(r) : undefined;
}

export async function readPayments(m: EntityManager, paymentIds: string[]): Promise<PaymentRow[]> {
  const rows = await m.query(
    `SELECT ${PAYMENT_COLUMNS} FROM payment p JOIN grant_account g ON g.id = p.grant_id WHERE p.id = ANY($1::uuid[]) ORDER BY p.id`,
    [paymentIds],
  );
  return rows.map(toRow);
}

export async function lockPayments(m: EntityManager, paymentIds: string[]): Promise<PaymentRow[]> {
  const rows = await m.query(
    `SELECT ${PAYMENT_COLUMNS} FROM payment p JOIN grant_account g ON g.id = p.grant_id WHERE p.id = ANY($1::uuid[]) ORDER BY p.id FOR UPDATE OF p`,
    [paymentIds],
  );
  return rows.map(toRow);
}

export function snapshotOf(p: PaymentRow): PaymentSnapshot {
  return { status: p.status, failureKind: p.failureKind, execution: p.execution, inFile: !!p.fileId };
}

/** What the bank gets: the account snapshotted at approval, under the payment's one end-to-end id. */
export function instructionOf(p: PaymentRow): PaymentInstruction {
  if (!p.creditorIban || !p.creditorName) throw new Error(`Payment ${p.id} has no creditor snapshot: it was never approved`);
  return {
    paymentId: p.id,
    endToEndId: endToEndIdFor(p.id),
    execution: p.execution,
    amountMinor: p.amountMinor,
    currency: p.currency,
    creditor: { name: p.creditorName, iban: p.creditorIban, bic: p.creditorBic },
    remittanceInformation: p.remittance,
  };
}
