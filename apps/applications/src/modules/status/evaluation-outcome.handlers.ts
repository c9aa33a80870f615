import { AwardGrantedV1, EvaluationResultsPublishedV1, EventEnvelope, ResultOutcome, Topics } from '@grants/contracts';
import { EventHandler, OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** What the applicant reads: a failed pass mark is "not selected" too. */
const OUTCOME: Record<ResultOutcome, 'AWARDED' | 'RESERVE' | 'NOT_SELECTED'> = {
  AWARDED: 'AWARDED',
  RESERVE: 'RESERVE',
  NOT_SELECTED: 'NOT_SELECTED',
  FAILED: 'NOT_SELECTED',
};

interface Changed {
  id: string;
  call_id: string;
  reference: string;
  applicant_user_id: string;
  outcome: string;
  old_outcome: string | null;
}

/**
 * Sets outcomes and puts a step on each changed application's timeline, then tells the
 * applicant's services (status-changed). Only a change makes a step: a redelivered or
 * overlapping event (results and award both say AWARDED) adds nothing. A granted award is never
 * taken back by a results event (a reserve promoted after the results stays awarded).
 */
async function applyOutcomes(
  m: EntityManager,
  outbox: OutboxWriter,
  entries: { applicationId: string; outcome: string; detail: Record<string, unknown> }[],
  at: Date,
  resultsPublishedAt: Date | null,
): Promise<number> {
  if (!entries.length) return 0;
  // The outcomes before, locked, then the change: a step only where the outcome really changed.
  const before: { id: string; outcome: string | null }[] = await m.query(
    `SELECT id, outcome FROM application WHERE id = ANY($1::uuid[]) AND status = 'SUBMITTED' ORDER BY id FOR UPDATE`,
    [entries.map((e) => e.applicationId)],
  );
  const previous = new Map(before.map((b) => [b.id, b.outcome]));
  const changed: Changed[] = (
    await m.query(
      `WITH x AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS x(id, outcome))
       UPDATE application a SET outcome = CASE WHEN a.outcome = 'AWARDED' THEN 'AWARDED' ELSE x.outcome END, results_published_at = COALESCE($3::timestamptz, a.results_published_at), updated_at = now()
         FROM x WHERE a.id = x.id AND a.status = 'SUBMITTED'
       RETURNING a.id, a.call_id, a.reference, a.applicant_user_id, a.outcome`,
      [entries.map((e) => e.applicationId), entries.map((e) => e.outcome), resultsPublishedAt],
    )
  )[0].map((c: Changed) => ({ ...c, old_outcome: previous.get(c.id) ?? null }));
  const steps = changed.filter((c) => c.outcome !== c.old_outcome);
  if (!steps.length) return 0;
  const detail = new Map(entries.map((e) => [e.applicationId, e.detail]));
  await m.query(
    `INSERT INTO application_timeline (application_id, status, at, detail)
     SELECT id, status, $3, d FROM unnest($1::uuid[], $2::text[], $4::jsonb[]) AS x(id, status, d)`,
    [steps.map((s) => s.id), steps.map((s) => s.outcome), at, steps.map((s) => JSON.stringify(detail.get(s.id) ?? {}))],
  );
  for (const s of steps) {
    await outbox.append(m, {
      topic: Topics.ApplicationStatusChangedV1,
      aggregateId: s.id,
      payload: {
        applicationId: s.id,
        callId: s.call_id,
        applicantUserId: s.applicant_user_id,
        reference: s.reference,
        status: s.outcome,
        changedAt: at.toISOString(),
      },
    });
  }
  return steps.length;
}

/** `evaluation.results.published.v1`: awarded, reserve or not selected, for every ranked entry. */
@Injectable()
export class ResultsPublishedHandler implements EventHandler<EvaluationResultsPublishedV1> {
  readonly topic = Topics.ResultsPublishedV1;

  constructor(private readonly outbox: OutboxWriter) {}

  async handle(e: EventEnvelope<EvaluationResultsPublishedV1>, m: EntityManager): Promise<void> {
    const r = e.payload;
    const at = new Date(r.publishedAt);
    await applyOutcomes(
      m,
      this.outbox,
      r.ranking.map((x) => ({
        applicationId: x.applicationId,
        outcome: OUTCOME[x.outcome],
        detail: { position: x.position, ...(x.prizeRank ? { prizeRank: x.prizeRank } : {}), ...(x.awardAmountMinor ? { amountMinor: x.awardAmountMinor, currency: r.currency } : {}) },
      })),
      at,
      at,
    );
  }
}

/** `evaluation.award.granted.v1`: awarded (also a reserve promoted after the results). */
@Injectable()
export class AwardGrantedHandler implements EventHandler<AwardGrantedV1> {
  readonly topic = Topics.AwardGrantedV1;

  constructor(private readonly outbox: OutboxWriter) {}

  async handle(e: EventEnvelope<AwardGrantedV1>, m: EntityManager): Promise<void> {
    const a = e.payload;
    await applyOutcomes(
      m,
      this.outbox,
      [{ applicationId: a.applicationId, outcome: 'AWARDED', detail: { amountMinor: a.amountMinor, currency: a.currency, ...(a.rank ? { prizeRank: a.rank } : {}) } }],
      new Date(e.occurredAt),
      null,
    );
  }
}
