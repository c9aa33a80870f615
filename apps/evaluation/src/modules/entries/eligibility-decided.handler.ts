import { EligibilityDecidedV1, EventEnvelope, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EntrySettlementService } from '../workflow/entry-settlement.service';

/**
 * Screening's decision: eligibility, language, requested amount — and the conflict parties, stored
 * in their own table, read only to detect conflicts, never returned to an evaluator. A later
 * decision (after a clarification or an upheld appeal) replaces an earlier one, never the reverse.
 */
@Injectable()
export class EligibilityDecidedHandler implements EventHandler<EligibilityDecidedV1> {
  readonly topic = Topics.EligibilityDecidedV1;

  constructor(private readonly settlement: EntrySettlementService) {}

  async handle(e: EventEnvelope<EligibilityDecidedV1>, m: EntityManager): Promise<void> {
    const d = e.payload;
    const applied: unknown[] = await m.query(
      `INSERT INTO entry_screening (application_id, call_id, reference, eligible, language, submitted_at, requested_minor, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (application_id) DO UPDATE SET eligible = EXCLUDED.eligible, language = EXCLUDED.language,
         reference = EXCLUDED.reference, submitted_at = EXCLUDED.submitted_at, requested_minor = EXCLUDED.requested_minor,
         decided_at = EXCLUDED.decided_at, received_at = now()
       WHERE entry_screening.decided_at <= EXCLUDED.decided_at
       RETURNING 1`,
      [d.applicationId, d.callId, d.reference, d.eligible, d.language, d.submittedAt, d.requestedAmountMinor ?? null, d.decidedAt],
    );
    if (!applied.length) return;
    await m.query(
      `INSERT INTO entry_parties (application_id, call_id, parties) VALUES ($1, $2, $3)
       ON CONFLICT (application_id) DO UPDATE SET parties = EXCLUDED.parties, updated_at = now()`,
      [d.applicationId, d.callId, JSON.stringify(d.conflictParties ?? {})],
    );
    await this.settlement.entryChanged(m, d.callId, d.applicationId);
  }
}
