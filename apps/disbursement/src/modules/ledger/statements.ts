import { NotFoundError } from '@grants/common';
import { minorUnitDigits } from '@grants/money';
import { EntityManager } from 'typeorm';
import { minorUnitsToDecimalText } from '../payments/domain/amount-text';
import { endToEndIdFor } from '../payments/domain/end-to-end-id';
import { paymentViews } from '../payments/payment-views';
import { CsvCell, toCsv } from '../shared/csv';

export const decimal = (minor: bigint | string, currency: string) => minorUnitsToDecimalText(BigInt(minor), minorUnitDigits(currency));

/**
 * Per call: budget, committed (awards, less reversals), paid (bank bookings), remaining (budget
 * not committed), plus what is on its way (approved or sent) and awaiting approval. Everything is
 * summed from the append-only ledger and the payments, in exact minor units.
 */
export async function callBudget(m: EntityManager, callId: string) {
  const [c] = await m.query(
    `SELECT c.call_id AS "callId", c.reference_code AS "referenceCode", c.title, c.kind, trim(c.currency) AS currency,
            c.budget_minor::text AS "budgetMinor",
            (SELECT COALESCE(SUM(l.amount_minor), 0) FROM ledger_entry l LEFT JOIN ledger_entry r ON r.id = l.reverses_entry_id
              WHERE l.call_id = c.call_id AND (l.kind = 'COMMITMENT' OR r.kind = 'COMMITMENT'))::text AS "committedMinor",
            (SELECT COALESCE(SUM(l.amount_minor), 0) FROM ledger_entry l LEFT JOIN ledger_entry r ON r.id = l.reverses_entry_id
              WHERE l.call_id = c.call_id AND (l.kind = 'PAYMENT' OR r.kind = 'PAYMENT'))::text AS "paidMinor",
            (SELECT COALESCE(SUM(amount_minor), 0) FROM payment WHERE call_id = c.call_id AND status IN ('APPROVED', 'SENT'))::text AS "inFlightMinor",
            (SELECT COALESCE(SUM(amount_minor), 0) FROM payment WHERE call_id = c.call_id AND status IN ('PENDING_APPROVAL', 'PARTIALLY_APPROVED'))::text AS "awaitingApprovalMinor",
            (SELECT count(*) FROM grant_account WHERE call_id = c.call_id)::int AS grants
       FROM call_replica c WHERE c.call_id = $1`,
    [callId],
  );
  if (!c) throw new NotFoundError('DISBURSEMENT.CALL_NOT_KNOWN', `Disbursement knows no call ${callId} (its publication has not arrived)`);
  const coFunding = await m.query(
    `SELECT trim(cf.currency) AS currency, SUM(cf.amount_minor)::text AS "committedMinor",
            COALESCE(SUM((SELECT SUM(r.amount_minor) FROM co_funding_receipt r WHERE r.commitment_id = cf.id)), 0)::text AS "receivedMinor"
       FROM co_funding_commitment cf JOIN grant_account g ON g.id = cf.grant_id WHERE g.call_id = $1 GROUP BY cf.currency ORDER BY 1`,
    [callId],
  );
  return {
    ...c,
    remainingMinor: (BigInt(c.budgetMinor) - BigInt(c.committedMinor)).toString(),
    unpaidCommitmentsMinor: (BigInt(c.committedMinor) - BigInt(c.paidMinor)).toString(),
    coFunding: coFunding.map((r: { currency: string; committedMinor: string; receivedMinor: string }) => ({
      ...r,
      outstandingMinor: (BigInt(r.committedMinor) - BigInt(r.receivedMinor)).toString(),
    })),
  };
}

interface LedgerLine {
  id: string;
  callId: string;
  callReference: string | null;
  grantId: string;
  grantReference: string | null;
  paymentId: string | null;
  kind: 'COMMITMENT' | 'PAYMENT' | 'REVERSAL';
  amountMinor: string;
  currency: string;
  reversesEntryId: string | null;
  description: string;
  payee: string | null;
  bankReference: string | null;
  recordedAt: Date;
}

async function ledgerLines(m: EntityManager, where: 'call' | 'grant', id: string): Promise<LedgerLine[]> {
  return m.query(
    `SELECT l.id::text AS id, l.call_id AS "callId", c.reference_code AS "callReference", l.grant_id AS "grantId", g.reference AS "grantReference",
            l.payment_id AS "paymentId", l.kind, l.amount_minor::text AS "amountMinor", trim(l.currency) AS currency,
            l.reverses_entry_id::text AS "reversesEntryId", l.description, p.creditor_name AS payee, p.bank_reference AS "bankReference",
            l.recorded_at AS "recordedAt"
       FROM ledger_entry l JOIN grant_account g ON g.id = l.grant_id LEFT JOIN call_replica c ON c.call_id = l.call_id
       LEFT JOIN payment p ON p.id = l.payment_id
      WHERE ${where === 'call' ? 'l.call_id' : 'l.grant_id'} = $1 ORDER BY l.id`,
    [id],
  );
}

const LEDGER_CSV_HEADER = [
  'entry',
  'recorded_at',
  'call',
  'grant_id',
  'grant_reference',
  'kind',
  'amount',
  'currency',
  'payment_id',
  'end_to_end_id',
  'bank_reference',
  'payee',
  'description',
];

function ledgerCsvRow(l: LedgerLine): CsvCell[] {
  return [
    l.id,
    new Date(l.recordedAt).toISOString(),
    l.callReference,
    l.grantId,
    l.grantReference,
    l.kind,
    decimal(l.amountMinor, l.currency),
    l.currency,
    l.paymentId,
    l.paymentId ? endToEndIdFor(l.paymentId) : null,
    l.bankReference,
    l.payee,
    l.description,
  ];
}

export async function callLedgerCsv(m: EntityManager, callId: string): Promise<string> {
  await callBudget(m, callId);
  return toCsv(LEDGER_CSV_HEADER, (await ledgerLines(m, 'call', callId)).map(ledgerCsvRow));
}

/** A grant's statement: the donor's side (ledger, tranches, payments) and the partners' (co-funding). */
export async function grantStatement(m: EntityManager, grantId: string) {
  const [g] = await m.query(
    `SELECT g.id, g.reference, g.call_id AS "callId", c.reference_code AS "callReference", g.amount_minor::text AS "amountMinor",
            trim(g.currency) AS currency, g.status, g.applicant_user_id AS "applicantUserId"
       FROM grant_account g LEFT JOIN call_replica c ON c.call_id = g.call_id WHERE g.id = $1`,
    [grantId],
  );
  if (!g) return undefined;
  const lines = await ledgerLines(m, 'grant', grantId);
  let balance = 0n;
  const ledger = lines.map((l) => {
    balance += l.kind === 'PAYMENT' ? -BigInt(l.amountMinor) : BigInt(l.amountMinor);
    return { ...l, outstandingAfterMinor: balance.toString() };
  });
  const sum = (kind: string, reverses?: string) =>
    lines
      .filter((l) => l.kind === kind || (reverses && l.kind === 'REVERSAL' && lines.find((x) => x.id === l.reversesEntryId)?.kind === reverses))
      .reduce((a, l) => a + BigInt(l.amountMinor), 0n);
  const committed = sum('COMMITMENT', 'COMMITMENT');
  const paid = sum('PAYMENT', 'PAYMENT');
  const tranches = await m.query(
    `SELECT sequence, percent::float8 AS percent, trigger, amount_minor::text AS "amountMinor", released_at AS "releasedAt"
       FROM grant_tranche WHERE grant_id = $1 ORDER BY sequence`,
    [grantId],
  );
  const payments = await paymentViews(m, { grantId }, true);
  const partners = await m.query(
    `SELECT cf.id, cf.partner_name AS "partnerName", cf.partner_kind AS "partnerKind", trim(cf.currency) AS currency,
            cf.amount_minor::text AS "committedMinor",
            COALESCE((SELECT SUM(r.amount_minor) FROM co_funding_receipt r WHERE r.commitment_id = cf.id), 0)::text AS "receivedMinor",
            COALESCE((SELECT json_agg(json_build_object('id', r.id, 'amountMinor', r.amount_minor::text, 'receivedOn', r.received_on::text)
                                      ORDER BY r.received_on, r.id)
                        FROM co_funding_receipt r WHERE r.commitment_id = cf.id), '[]'::json) AS receipts
       FROM co_funding_commitment cf WHERE cf.grant_id = $1 ORDER BY cf.recorded_at, cf.id`,
    [grantId],
  );
  return {
    grant: g,
    totals: {
      awardedMinor: g.amountMinor,
      committedMinor: committed.toString(),
      paidMinor: paid.toString(),
      outstandingMinor: (committed - paid).toString(),
      currency: g.currency,
    },
    tranches,
    payments,
    ledger,
    coFunding: partners.map((p: { committedMinor: string; receivedMinor: string }) => ({
      ...p,
      outstandingMinor: (BigInt(p.committedMinor) - BigInt(p.receivedMinor)).toString(),
    })),
  };
}

export function grantStatementCsv(statement: NonNullable<Awaited<ReturnType<typeof grantStatement>>>): string {
  const rows: CsvCell[][] = statement.ledger.map((l) => ['DONOR', ...ledgerCsvRow(l), decimal(l.outstandingAfterMinor, l.currency)]);
  for (const p of statement.coFunding as { partnerName: string; partnerKind: string; currency: string; committedMinor: string; receivedMinor: string; outstandingMinor: string; receipts: { id: string; amountMinor: string; receivedOn: string }[] }[]) {
    rows.push(['PARTNER', null, null, null, statement.grant.id, statement.grant.reference, 'CO_FUNDING_COMMITMENT', decimal(p.committedMinor, p.currency), p.currency, null, null, null, p.partnerName, `${p.partnerKind} commitment`, decimal(p.outstandingMinor, p.currency)]);
    for (const r of p.receipts) {
      rows.push(['PARTNER', null, r.receivedOn, null, statement.grant.id, statement.grant.reference, 'CO_FUNDING_RECEIPT', decimal(r.amountMinor, p.currency), p.currency, null, null, null, p.partnerName, 'received', null]);
    }
  }
  return toCsv(['source', ...LEDGER_CSV_HEADER, 'outstanding_after'], rows);
}
