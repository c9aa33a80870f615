import { ApplicationSubmittedV1, EventEnvelope, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EntrySettlementService } from '../workflow/entry-settlement.service';

/** Holds the review content of each submitted entry (never the applicant's identity). */
@Injectable()
export class ApplicationSubmittedHandler implements EventHandler<ApplicationSubmittedV1> {
  readonly topic = Topics.ApplicationSubmittedV1;

  constructor(private readonly settlement: EntrySettlementService) {}

  async handle(e: EventEnvelope<ApplicationSubmittedV1>, m: EntityManager): Promise<void> {
    const a = e.payload;
    // A resubmission replaces the content of the same application.
    const changed: unknown[] = await m.query(
      `INSERT INTO entry (application_id, call_id, reference, language, review_content, content_sha256, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (application_id) DO UPDATE SET review_content = EXCLUDED.review_content,
         content_sha256 = EXCLUDED.content_sha256, submitted_at = EXCLUDED.submitted_at, language = EXCLUDED.language
       WHERE entry.submitted_at < EXCLUDED.submitted_at
       RETURNING 1`,
      [a.applicationId, a.callId, a.reference, a.language, JSON.stringify(a.reviewContent), a.contentSha256, a.submittedAt],
    );
    // Content that arrives after its eligibility decision, once evaluation has started, is staffed now.
    if (changed.length) await this.settlement.entryChanged(m, a.callId, a.applicationId);
  }
}
