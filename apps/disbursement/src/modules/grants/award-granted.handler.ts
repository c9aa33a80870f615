import { AwardGrantedV1, EventEnvelope, Topics } from '@grants/contracts';
import { EventHandler, OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';

/** Opens a grant for each award. The unique award id makes a replay a no-op, inbox or not. */
@Injectable()
export class AwardGrantedHandler implements EventHandler<AwardGrantedV1> {
  readonly topic = Topics.AwardGrantedV1;

  constructor(private readonly outbox: OutboxWriter) {}

  async handle(e: EventEnvelope<AwardGrantedV1>, m: EntityManager): Promise<void> {
    const a = e.payload;
    const grantId = randomUUID();
    const inserted: unknown[] = await m.query(
      `INSERT INTO grant_account (id, award_id, call_id, application_id, amount_minor, currency, prize_rank, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'OPEN') ON CONFLICT (award_id) DO NOTHING RETURNING id`,
      [grantId, a.awardId, a.callId, a.applicationId, a.amountMinor, a.currency, a.rank ?? null],
    );
    if (!inserted.length) return;
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
  }
}
