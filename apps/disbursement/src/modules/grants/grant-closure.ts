import { Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * "Grant closed when fully paid and reported": checked after every booking and every report
 * approval. It locks the grant row, so two bookings committing at once cannot both miss the moment
 * the sum is reached (the second re-reads after the first committed).
 */
@Injectable()
export class GrantClosure {
  constructor(private readonly outbox: OutboxWriter) {}

  async closeIfComplete(m: EntityManager, grantId: string, actorId: string | null): Promise<boolean> {
    const [g] = await m.query(
      `SELECT id, award_id AS "awardId", call_id AS "callId", application_id AS "applicationId", applicant_user_id AS "applicantUserId",
              amount_minor::text AS "amountMinor", trim(currency) AS currency, status, final_report_required AS "finalReportRequired"
         FROM grant_account WHERE id = $1 FOR UPDATE`,
      [grantId],
    );
    if (!g || g.status !== 'OPEN') return false;
    // A second statement, so its snapshot is taken after the lock: it sees the booking that a
    // concurrent transaction committed while this one waited for the grant.
    const [{ paid, finalApproved }] = await m.query(
      `SELECT (SELECT COALESCE(SUM(amount_minor), 0)::text FROM payment WHERE grant_id = $1 AND status = 'PAID') AS paid,
              EXISTS (SELECT 1 FROM grant_report WHERE grant_id = $1 AND kind = 'FINAL' AND status = 'APPROVED') AS "finalApproved"`,
      [grantId],
    );
    if (BigInt(paid) < BigInt(g.amountMinor)) return false;
    if (g.finalReportRequired && !finalApproved) return false;
    await m.query(
      `UPDATE grant_account SET status = 'CLOSED', closed_at = now(), close_outcome = 'COMPLETED', updated_at = now() WHERE id = $1 AND status = 'OPEN'`,
      [grantId],
    );
    await appendAudit(m, {
      action: 'GRANT_CLOSED',
      entityType: 'grant',
      entityId: grantId,
      before: { status: 'OPEN' },
      after: { status: 'CLOSED', outcome: 'COMPLETED', paidMinor: paid },
      actorId,
    });
    await this.outbox.append(m, {
      topic: Topics.GrantClosedV1,
      aggregateId: grantId,
      payload: {
        grantId,
        awardId: g.awardId,
        callId: g.callId,
        applicationId: g.applicationId,
        ...(g.applicantUserId ? { applicantUserId: g.applicantUserId } : {}),
        outcome: 'COMPLETED',
        amountMinor: g.amountMinor,
        paidMinor: paid,
        currency: g.currency,
        closedAt: new Date().toISOString(),
      },
    });
    return true;
  }
}
