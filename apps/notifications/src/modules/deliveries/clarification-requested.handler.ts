import { ClarificationRequestedV1, EventEnvelope, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Deliveries } from './deliveries';

/**
 * `applications.clarification.requested.v1` → CLARIFICATION: the officer's question and the
 * instant by which to answer, linking to the application's page. One mail per clarification
 * (aggregate = clarification id); the event names the applicant, so it never waits for a receipt.
 */
@Injectable()
export class ClarificationRequestedHandler implements EventHandler<ClarificationRequestedV1> {
  readonly topic = Topics.ClarificationRequestedV1;

  constructor(private readonly deliveries: Deliveries) {}

  async handle(e: EventEnvelope<ClarificationRequestedV1>, m: EntityManager): Promise<void> {
    const c = e.payload;
    await this.deliveries.enqueue(m, {
      eventId: e.eventId,
      kind: 'CLARIFICATION',
      recipientUserId: c.applicantUserId,
      applicationId: c.applicationId,
      aggregateId: c.clarificationId,
      vars: { reference: c.reference, callId: c.callId, question: c.question, respondBy: c.respondBy },
    });
  }
}
