import { EventEnvelope, ReceiptIssuedV1, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Deliveries } from './deliveries';

/**
 * The applicant's receipt: reference, server time and the content's fingerprint. Also records whose
 * application it is (`application_owner`, in the same transaction), which releases what waited for
 * it: an award, a payment or a returned report that arrived before the receipt.
 */
@Injectable()
export class ReceiptIssuedHandler implements EventHandler<ReceiptIssuedV1> {
  readonly topic = Topics.ReceiptIssuedV1;

  constructor(private readonly deliveries: Deliveries) {}

  async handle(e: EventEnvelope<ReceiptIssuedV1>, m: EntityManager): Promise<void> {
    const r = e.payload;
    await m.query(
      `INSERT INTO application_owner (application_id, applicant_user_id, call_id, reference) VALUES ($1, $2, $3, $4)
       ON CONFLICT (application_id) DO UPDATE SET applicant_user_id = EXCLUDED.applicant_user_id, call_id = EXCLUDED.call_id,
         reference = EXCLUDED.reference, updated_at = now()`,
      [r.applicationId, r.applicantUserId, r.callId, r.reference],
    );
    // Application before person: the order every handler takes its locks in (see Deliveries).
    await this.deliveries.applicationKnown(m, r.applicationId);
    await this.deliveries.enqueue(m, {
      eventId: e.eventId,
      kind: 'RECEIPT',
      recipientUserId: r.applicantUserId,
      applicationId: r.applicationId,
      aggregateId: r.applicationId,
      vars: { reference: r.reference, submittedAt: r.submittedAt, contentSha256: r.contentSha256 },
    });
  }
}
