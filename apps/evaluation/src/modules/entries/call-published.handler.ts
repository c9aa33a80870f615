import { CallPublishedV1, EventEnvelope, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

@Injectable()
export class CallPublishedHandler implements EventHandler<CallPublishedV1> {
  readonly topic = Topics.CallPublishedV1;

  async handle(e: EventEnvelope<CallPublishedV1>, m: EntityManager): Promise<void> {
    const c = e.payload;
    await m.query(
      `INSERT INTO call_replica (call_id, reference_code, kind, currency, budget_minor, blind_review, snapshot)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (call_id) DO UPDATE SET reference_code = EXCLUDED.reference_code, kind = EXCLUDED.kind,
         currency = EXCLUDED.currency, budget_minor = EXCLUDED.budget_minor, blind_review = EXCLUDED.blind_review,
         snapshot = EXCLUDED.snapshot, updated_at = now()`,
      [c.callId, c.referenceCode, c.kind, c.currency, c.budgetMinor, c.blindReview, JSON.stringify(c)],
    );
  }
}
