import { EntityManager } from 'typeorm';

export const GRANT_LIST_COLUMNS = `g.id, g.award_id AS "awardId", g.call_id AS "callId", g.application_id AS "applicationId",
  g.applicant_user_id AS "applicantUserId", g.reference, g.amount_minor::text AS "amountMinor", trim(g.currency) AS currency,
  g.prize_rank AS "prizeRank", g.status, g.agreement_status AS "agreementStatus", g.opened_at AS "openedAt", g.closed_at AS "closedAt"`;

export async function grantDetail(m: EntityManager, grantId: string): Promise<Record<string, unknown> | undefined> {
  const [g] = await m.query(
    `SELECT ${GRANT_LIST_COLUMNS}, g.blocked_reason AS "blockedReason", g.final_report_required AS "finalReportRequired",
            g.close_outcome AS "closeOutcome", g.agreement_signed_on::text AS "agreementSignedOn", g.agreement_signed_by AS "agreementSignedBy",
            g.agreement_signed_at AS "agreementSignedAt", c.reference_code AS "callReference", c.kind AS "callKind", c.title AS "callTitle"
       FROM grant_account g LEFT JOIN call_replica c ON c.call_id = g.call_id WHERE g.id = $1`,
    [grantId],
  );
  if (!g) return undefined;
  const tranches = await m.query(
    `SELECT t.sequence, t.percent::float8 AS percent, t.trigger, t.occurrence, t.amount_minor::text AS "amountMinor", trim(t.currency) AS currency,
            t.released_at AS "releasedAt",
            (SELECT json_build_object('id', p.id, 'status', p.status) FROM payment p
              WHERE p.grant_id = t.grant_id AND p.tranche_sequence = t.sequence ORDER BY p.requested_at DESC LIMIT 1) AS payment
       FROM grant_tranche t WHERE t.grant_id = $1 ORDER BY t.sequence`,
    [grantId],
  );
  const { agreementStatus, agreementSignedOn, agreementSignedBy, agreementSignedAt, ...rest } = g;
  return {
    ...rest,
    agreement: { status: agreementStatus, signedOn: agreementSignedOn, signedBy: agreementSignedBy, signedAt: agreementSignedAt },
    tranches,
  };
}
