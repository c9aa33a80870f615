import { AwardDeclinedV1, AwardRevokedV1, EventEnvelope, Topics } from '@grants/contracts';
import { appendAudit, rowsOf } from '@grants/database';
import { EventHandler, OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { planAwardRelease } from './award-release';
import { lockGrant } from './grant-row';

const ACTOR = 'system:award-release';

/**
 * An award declined or revoked in evaluation ends its grant here (`planAwardRelease`). The release
 * is recorded first (`award_release`), so a release that overtakes the award's own
 * `award.granted` still ends the grant the moment it opens. A promoted reserve's grant opens from
 * its own `award.granted`, like any award.
 */
@Injectable()
export class AwardReleaser {
  constructor(private readonly outbox: OutboxWriter) {}

  async record(m: EntityManager, e: EventEnvelope<AwardDeclinedV1>, kind: 'DECLINED' | 'REVOKED'): Promise<void> {
    await m.query(`INSERT INTO award_release (award_id, kind, released_at) VALUES ($1, $2, $3) ON CONFLICT (award_id) DO NOTHING`, [
      e.payload.awardId,
      kind,
      e.payload.releasedAt,
    ]);
    const [grant] = await m.query(`SELECT id FROM grant_account WHERE award_id = $1`, [e.payload.awardId]);
    if (grant) await this.endGrant(m, grant.id);
  }

  /** Ends the grant of a released award, if it is not ended already. Idempotent. */
  async endGrant(m: EntityManager, grantId: string): Promise<void> {
    const grant = await lockGrant(m, grantId);
    if (!grant || grant.status === 'CLOSED' || grant.status === 'TERMINATED') return;
    const [release] = await m.query(`SELECT kind FROM award_release WHERE award_id = $1`, [grant.awardId]);
    if (!release) return;
    const kind: 'DECLINED' | 'REVOKED' = release.kind;
    const payments = rowsOf<{ id: string; trancheSequence: number | null; status: string; amountMinor: string }>(
      await m.query(
        `SELECT id, tranche_sequence AS "trancheSequence", status, amount_minor::text AS "amountMinor" FROM payment WHERE grant_id = $1 FOR UPDATE`,
        [grantId],
      ),
    );
    const tranches = rowsOf<{ sequence: number }>(await m.query(`SELECT sequence FROM grant_tranche WHERE grant_id = $1 ORDER BY sequence`, [grantId]));
    const [commitment] = await m.query(
      `SELECT c.id, (c.amount_minor + COALESCE((SELECT SUM(r.amount_minor) FROM ledger_entry r WHERE r.reverses_entry_id = c.id), 0))::text AS "openMinor"
         FROM ledger_entry c WHERE c.grant_id = $1 AND c.kind = 'COMMITMENT'`,
      [grantId],
    );
    const plan = planAwardRelease({
      commitmentMinor: commitment ? BigInt(commitment.openMinor) : 0n,
      tranches: tranches.map((t) => t.sequence),
      payments: payments.map((p) => ({ ...p, amountMinor: BigInt(p.amountMinor) })),
    });
    const why = `award ${kind.toLowerCase()}`;
    if (plan.reject.length) {
      await m.query(
        `UPDATE payment SET status = 'REJECTED', rejection_reason = $2, decided_by = $3, updated_at = now() WHERE id = ANY($1::uuid[])`,
        [plan.reject, why, ACTOR],
      );
      for (const id of plan.reject) {
        await appendAudit(m, { action: 'PAYMENT_REJECTED', entityType: 'payment', entityId: id, after: { status: 'REJECTED', reason: why }, actorId: ACTOR });
      }
    }
    if (plan.blockedTranches.length) {
      await m.query(`UPDATE grant_tranche SET blocked_at = now() WHERE grant_id = $1 AND sequence = ANY($2::int[]) AND blocked_at IS NULL`, [
        grantId,
        plan.blockedTranches,
      ]);
    }
    if (commitment && plan.releaseMinor > 0n) {
      await m.query(
        `INSERT INTO ledger_entry (call_id, grant_id, kind, amount_minor, currency, reverses_entry_id, description, recorded_by)
         VALUES ($1, $2, 'REVERSAL', $3, $4, $5, $6, $7)`,
        [grant.callId, grantId, (-plan.releaseMinor).toString(), grant.currency, commitment.id, `Unpaid commitment released: ${why}`, ACTOR],
      );
    }
    await m.query(
      `UPDATE grant_account SET status = 'TERMINATED', closed_at = now(), close_outcome = 'TERMINATED', close_reason = $2,
              recovery_minor = $3, updated_at = now() WHERE id = $1`,
      [grantId, kind === 'DECLINED' ? 'AWARD_DECLINED' : 'AWARD_REVOKED', plan.recoveryMinor > 0n ? plan.recoveryMinor.toString() : null],
    );
    await appendAudit(m, {
      action: 'GRANT_TERMINATED',
      entityType: 'grant',
      entityId: grantId,
      before: { status: grant.status },
      after: {
        status: 'TERMINATED',
        reason: why,
        rejectedPaymentIds: plan.reject,
        inFlightPaymentIds: plan.inFlight,
        blockedTranches: plan.blockedTranches,
        recoveryMinor: plan.recoveryMinor.toString(),
        reversedMinor: plan.releaseMinor.toString(),
      },
      actorId: ACTOR,
    });
    await this.outbox.append(m, {
      topic: Topics.GrantClosedV1,
      aggregateId: grantId,
      payload: {
        grantId,
        awardId: grant.awardId,
        callId: grant.callId,
        applicationId: grant.applicationId,
        ...(grant.applicantUserId ? { applicantUserId: grant.applicantUserId } : {}),
        outcome: 'TERMINATED',
        amountMinor: grant.amountMinor.toString(),
        paidMinor: plan.paidMinor.toString(),
        currency: grant.currency,
        closedAt: new Date().toISOString(),
      },
    });
  }
}

/** `evaluation.award.declined.v1`: the awardee declined; the grant ends. */
@Injectable()
export class AwardDeclinedHandler implements EventHandler<AwardDeclinedV1> {
  readonly topic = Topics.AwardDeclinedV1;
  constructor(private readonly releaser: AwardReleaser) {}
  handle(e: EventEnvelope<AwardDeclinedV1>, m: EntityManager): Promise<void> {
    return this.releaser.record(m, e, 'DECLINED');
  }
}

/** `evaluation.award.revoked.v1`: the award was revoked; the grant ends. */
@Injectable()
export class AwardRevokedHandler implements EventHandler<AwardRevokedV1> {
  readonly topic = Topics.AwardRevokedV1;
  constructor(private readonly releaser: AwardReleaser) {}
  handle(e: EventEnvelope<AwardRevokedV1>, m: EntityManager): Promise<void> {
    return this.releaser.record(m, e, 'REVOKED');
  }
}
