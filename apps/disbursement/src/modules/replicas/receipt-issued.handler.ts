import { EventEnvelope, ReceiptIssuedV1, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { lockGrantAssembly } from './assembly-lock';

/**
 * Who stands behind an application: the awardee who enters bank details, files reports and is
 * notified. Receipts and awards travel on different topics, so either may come first: the grant
 * takes the applicant from the replica when it opens, or from here when the receipt comes later.
 */
@Injectable()
export class ReceiptIssuedHandler implements EventHandler<ReceiptIssuedV1> {
  readonly topic = Topics.ReceiptIssuedV1;

  async handle(e: EventEnvelope<ReceiptIssuedV1>, m: EntityManager): Promise<void> {
    const r = e.payload;
    await lockGrantAssembly(m);
    await m.query(
      `INSERT INTO application_replica (application_id, call_id, applicant_user_id, reference) VALUES ($1, $2, $3, $4)
       ON CONFLICT (application_id) DO UPDATE SET applicant_user_id = EXCLUDED.applicant_user_id, reference = EXCLUDED.reference`,
      [r.applicationId, r.callId, r.applicantUserId, r.reference],
    );
    await m.query(
      `UPDATE grant_account SET applicant_user_id = $2, reference = $3, updated_at = now() WHERE application_id = $1 AND applicant_user_id IS NULL`,
      [r.applicationId, r.applicantUserId, r.reference],
    );
  }
}
