import { EntityManager } from 'typeorm';

export type GrantStatus = 'AWAITING_CALL' | 'BLOCKED' | 'OPEN' | 'CLOSED' | 'TERMINATED';

export interface GrantRow {
  id: string;
  awardId: string;
  callId: string;
  applicationId: string;
  applicantUserId: string | null;
  reference: string | null;
  amountMinor: bigint;
  currency: string;
  prizeRank: number | null;
  status: GrantStatus;
  agreementStatus: 'DRAFT' | 'SIGNED';
  finalReportRequired: boolean | null;
  payeeId: string | null;
  callKind: string | null;
  callReference: string | null;
  callBudgetMinor: bigint | null;
}

const GRANT_COLUMNS = `g.id, g.award_id AS "awardId", g.call_id AS "callId", g.application_id AS "applicationId",
  g.applicant_user_id AS "applicantUserId", g.reference, g.amount_minor::text AS "amountMinor", trim(g.currency) AS currency,
  g.prize_rank AS "prizeRank", g.status, g.agreement_status AS "agreementStatus", g.final_report_required AS "finalReportRequired",
  (SELECT id FROM payee WHERE grant_id = g.id) AS "payeeId",
  c.kind AS "callKind", c.reference_code AS "callReference", c.budget_minor::text AS "callBudgetMinor"`;

function toGrant(r: Record<string, any>): GrantRow {
  return {
    ...r,
    amountMinor: BigInt(r.amountMinor),
    callBudgetMinor: r.callBudgetMinor === null ? null : BigInt(r.callBudgetMinor),
  } as GrantRow;
}

export async function readGrant(m: EntityManager, grantId: string): Promise<GrantRow | undefined> {
  const [r] = await m.query(`SELECT ${GRANT_COLUMNS} FROM grant_account g LEFT JOIN call_replica c ON c.call_id = g.call_id WHERE g.id = $1`, [grantId]);
  return r ? toGrant(r) : undefined;
}

/**
 * Locks the call's replica row, then the grant's, in that order everywhere (approvals, requests,
 * signatures, reports), so that concurrent use cases queue instead of deadlocking, and so that two
 * approvals in one call cannot both spend the same remainder of its budget.
 */
export async function lockGrant(m: EntityManager, grantId: string): Promise<GrantRow | undefined> {
  const [head] = await m.query(`SELECT call_id AS "callId" FROM grant_account WHERE id = $1`, [grantId]);
  if (!head) return undefined;
  await m.query(`SELECT 1 FROM call_replica WHERE call_id = $1 FOR UPDATE`, [head.callId]);
  const [r] = await m.query(
    `SELECT ${GRANT_COLUMNS} FROM grant_account g LEFT JOIN call_replica c ON c.call_id = g.call_id WHERE g.id = $1 FOR UPDATE OF g`,
    [grantId],
  );
  return r ? toGrant(r) : undefined;
}

/**
 * What is still free under the grant and the call, one payment excluded: the grant's amount and the
 * call's budget minus every payment committed to leave (APPROVED, SENT, PAID, FAILED — a failed one
 * may still have been paid, or be retried; only CANCELLED and REJECTED give their amount back).
 * `includeRequests` also counts requests still awaiting approval (used when a request is created).
 */
export async function fundsPosition(
  m: EntityManager,
  grant: Pick<GrantRow, 'id' | 'callId' | 'amountMinor' | 'currency' | 'callBudgetMinor'>,
  opts: { excludePaymentId?: string; includeRequests?: boolean } = {},
): Promise<{ currency: string; grantRemainingMinor: bigint; callRemainingMinor: bigint }> {
  const statuses = ['APPROVED', 'SENT', 'PAID', 'FAILED', ...(opts.includeRequests ? ['PENDING_APPROVAL', 'PARTIALLY_APPROVED'] : [])];
  const [row] = await m.query(
    `SELECT COALESCE(SUM(amount_minor) FILTER (WHERE grant_id = $2), 0)::text AS "grantSpent",
            COALESCE(SUM(amount_minor), 0)::text AS "callSpent"
       FROM payment
      WHERE call_id = $1 AND status = ANY($3::text[]) AND ($4::uuid IS NULL OR id <> $4)`,
    [grant.callId, grant.id, statuses, opts.excludePaymentId ?? null],
  );
  return {
    currency: grant.currency,
    grantRemainingMinor: grant.amountMinor - BigInt(row.grantSpent),
    callRemainingMinor: (grant.callBudgetMinor ?? 0n) - BigInt(row.callSpent),
  };
}
