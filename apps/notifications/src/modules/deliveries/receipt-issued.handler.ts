import { EventEnvelope, ReceiptIssuedV1, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Deliveries } from './deliveries';

/** The applicant's receipt: reference, server time and the content's fingerprint. */
@Injectable()
export class ReceiptIssuedHandler implements EventHandler<ReceiptIssuedV1> {
  readonly topic = Topics.ReceiptIssuedV1;

  constructor(private readonly deliveries: Deliveries) {}

  async handle(e: EventEnvelope<ReceiptIssuedV1>, m: EntityManager): Promise<void> {
    const r = e.payload;
    await this.deliveries.enqueue(m, {
      eventId: e.eventId,
      kind: 'RECEIPT',
      recipientUserId: r.applicantUserId,
      aggregateId: r.applicationId,
      vars: { reference: r.reference, submittedAt: r.submittedAt, contentSha256: r.contentSha256 },
    });
  }
}
