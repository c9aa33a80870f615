import { EventEnvelope, GrantOpenedV1, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { formatMoney, money } from '@grants/money';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Deliveries } from './deliveries';

/**
 * `disbursement.grant.opened.v1`: the AWARD mail to the application's owner (reference, amount),
 * one delivery per grant (aggregate = grant id). Also records which application the grant is for,
 * and releases what waited for it (a report decision that named only the grant). If the receipt
 * has not arrived yet, the AWARD waits for it (AWAITING_RECIPIENT) and goes when it does.
 */
@Injectable()
export class GrantOpenedHandler implements EventHandler<GrantOpenedV1> {
  readonly topic = Topics.GrantOpenedV1;

  constructor(private readonly deliveries: Deliveries) {}

  async handle(e: EventEnvelope<GrantOpenedV1>, m: EntityManager): Promise<void> {
    const g = e.payload;
    await m.query(
      `INSERT INTO grant_application (grant_id, application_id, call_id) VALUES ($1, $2, $3) ON CONFLICT (grant_id) DO NOTHING`,
      [g.grantId, g.applicationId, g.callId],
    );
    await this.deliveries.grantKnown(m, g.grantId, g.applicationId);
    await this.deliveries.enqueue(m, {
      eventId: e.eventId,
      kind: 'AWARD',
      applicationId: g.applicationId,
      aggregateId: g.grantId,
      vars: { amount: formatMoney(money(g.amountMinor, g.currency)), amountMinor: g.amountMinor, currency: g.currency, callId: g.callId, grantId: g.grantId },
    });
  }
}
