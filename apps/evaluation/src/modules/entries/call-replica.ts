import { CallPublishedV1 } from '@grants/contracts';
import { EntityManager } from 'typeorm';

/**
 * Keeps the newest snapshot of a call (publication = version 1, each amendment +1). Events of
 * one call come in order on their own topic, but publication and amendments travel on two topics:
 * an older version never replaces a newer one, and a cancelled call stays cancelled.
 */
export async function upsertCallReplica(m: EntityManager, c: CallPublishedV1, version: number): Promise<void> {
  await m.query(
    `INSERT INTO call_replica (call_id, reference_code, kind, currency, budget_minor, blind_review, snapshot, version, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'PUBLISHED')
     ON CONFLICT (call_id) DO UPDATE SET reference_code = EXCLUDED.reference_code, kind = EXCLUDED.kind,
       currency = EXCLUDED.currency, budget_minor = EXCLUDED.budget_minor, blind_review = EXCLUDED.blind_review,
       snapshot = EXCLUDED.snapshot, version = EXCLUDED.version, updated_at = now()
     WHERE call_replica.version <= EXCLUDED.version`,
    [c.callId, c.referenceCode, c.kind, c.currency, c.budgetMinor, c.blindReview, JSON.stringify(c), version],
  );
}
