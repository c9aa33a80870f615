import { EvaluationResultsPublishedV1, EventEnvelope, Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '@grants/database';

/**
 * Keeps each call's outcome from `evaluation.results.published.v1` and moves the call to
 * RESULTS_PUBLISHED. Runs in the inbox transaction (once per event); a later publication of the
 * same call's results (a correction) replaces an earlier one, never the other way round.
 */
@Injectable()
export class ResultsPublishedConsumer implements EventHandler<EvaluationResultsPublishedV1> {
  readonly topic = Topics.ResultsPublishedV1;

  async handle(e: EventEnvelope<EvaluationResultsPublishedV1>, m: EntityManager): Promise<void> {
    const r = e.payload;
    await m.query(
      `INSERT INTO call_outcome (call_id, event_id, currency, applications_count, eligible_count, ranked_count, awards_count,
                                 reserve_count, amount_awarded_minor, ranking, results_published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (call_id) DO UPDATE SET event_id = EXCLUDED.event_id, currency = EXCLUDED.currency,
         applications_count = EXCLUDED.applications_count, eligible_count = EXCLUDED.eligible_count,
         ranked_count = EXCLUDED.ranked_count, awards_count = EXCLUDED.awards_count, reserve_count = EXCLUDED.reserve_count,
         amount_awarded_minor = EXCLUDED.amount_awarded_minor, ranking = EXCLUDED.ranking,
         results_published_at = EXCLUDED.results_published_at, received_at = now()
       WHERE call_outcome.results_published_at <= EXCLUDED.results_published_at`,
      [
        r.callId,
        e.eventId,
        r.currency,
        r.counts.applications,
        r.counts.eligible,
        r.counts.ranked,
        r.counts.awards,
        r.counts.reserve,
        r.amountAwardedMinor,
        JSON.stringify(r.ranking),
        r.publishedAt,
      ],
    );
    const moved = await queryRows<{ id: string; previous: string }>(
      m,
      `WITH previous AS (SELECT id, status FROM call WHERE id = $1 FOR UPDATE)
       UPDATE call c SET status = 'RESULTS_PUBLISHED', updated_at = now() FROM previous p
        WHERE c.id = p.id AND p.status IN ('CLOSED', 'UNDER_EVALUATION')
        RETURNING c.id, p.status AS previous`,
      [r.callId],
    );
    if (moved.length) {
      await appendAudit(m, {
        action: 'call.results-published',
        entityType: 'call',
        entityId: r.callId,
        before: { status: moved[0].previous },
        after: { status: 'RESULTS_PUBLISHED', awards: r.counts.awards, amountAwardedMinor: r.amountAwardedMinor, eventId: e.eventId },
      });
    }
  }
}
