import { AwardGrantedV1, EventEnvelope, Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { EventHandler, OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AwardReleaser } from './award-released.handler';
import { lockGrantAssembly } from '../replicas/assembly-lock';
import { GrantPlanner } from './grant-planner';

/**
 * Opens a grant for each award. The unique award id makes a replay a no-op, inbox or not. The
 * award is committed to the call's budget in the ledger at once; the tranches follow from the
 * call's payment policy — now, or when the call's replica arrives if the award came first.
 */
@Injectable()
export class AwardGrantedHandler implements EventHandler<AwardGrantedV1> {
  readonly topic = Topics.AwardGrantedV1;

  constructor(
    private readonly outbox: OutboxWriter,
    private readonly planner: GrantPlanner,
    private readonly releaser: AwardReleaser,
  ) {}

  async handle(e: EventEnvelope<AwardGrantedV1>, m: EntityManager): Promise<void> {
    const a = e.payload;
    await lockGrantAssembly(m);
    const grantId = randomUUID();
    const [applicant] = await m.query(
      `SELECT applicant_user_id AS "applicantUserId", reference FROM application_replica WHERE application_id = $1`,
      [a.applicationId],
    );
    const inserted: unknown[] = await m.query(
      `INSERT INTO grant_account (id, award_id, call_id, application_id, amount_minor, currency, prize_rank, status, applicant_user_id, reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'AWAITING_CALL', $8, $9) ON CONFLICT (award_id) DO NOTHING RETURNING id`,
      [grantId, a.awardId, a.callId, a.applicationId, a.amountMinor, a.currency, a.rank ?? null, applicant?.applicantUserId ?? null, applicant?.reference ?? null],
    );
    if (!inserted.length) return;
    await m.query(`INSERT INTO payee (id, grant_id) VALUES ($1, $2)`, [randomUUID(), grantId]);
    await m.query(
      `INSERT INTO ledger_entry (call_id, grant_id, kind, amount_minor, currency, description, recorded_by)
       VALUES ($1, $2, 'COMMITMENT', $3, $4, $5, 'system:award')`,
      [a.callId, grantId, a.amountMinor, a.currency, `Award ${a.awardId}${a.rank ? ` (prize ${a.rank})` : ''}`],
    );
    await appendAudit(m, {
      action: 'GRANT_OPENED',
      entityType: 'grant',
      entityId: grantId,
      after: { awardId: a.awardId, callId: a.callId, applicationId: a.applicationId, amountMinor: a.amountMinor, currency: a.currency },
      actorId: e.actorId ?? 'system:award',
    });
    await this.outbox.append(m, {
      topic: Topics.GrantOpenedV1,
      aggregateId: grantId,
      payload: {
        grantId,
        awardId: a.awardId,
        callId: a.callId,
        applicationId: a.applicationId,
        amountMinor: a.amountMinor,
        currency: a.currency,
        openedAt: new Date().toISOString(),
      },
    });
    await this.planner.plan(m, grantId);
    // The award's release may have arrived first: the grant ends as soon as it opens.
    await this.releaser.endGrant(m, grantId);
  }
}
