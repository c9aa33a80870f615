import { queryRows } from '@grants/database';
import { JobScheduler } from '@grants/jobs';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DeliveryKind } from './templates';

export const MAIL_QUEUE = 'mail';
export const SEND_JOB = 'send';

/** Waiting for a fact from another topic: the owner of the application, the grant, or the person. */
export const AWAITING_RECIPIENT = 'AWAITING_RECIPIENT';

export interface DeliveryRequest {
  eventId: string;
  kind: DeliveryKind;
  /** The person, when the event names them; otherwise the owner of `applicationId` (or of `grantId`'s application). */
  recipientUserId?: string | null;
  /** The application the message is about: its owner is the recipient, its reference fills `{{reference}}`. */
  applicationId?: string | null;
  /** The grant the message is about, when the event names no application. */
  grantId?: string | null;
  aggregateId: string;
  vars: Record<string, unknown>;
}

/** Transaction-scoped lock on one fact (a person, an application, a grant) — see `Deliveries`. */
export async function lockFact(m: EntityManager, kind: 'user' | 'application' | 'grant', id: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`notifications:${kind}:${id}`]);
}

/**
 * Reads a fact; if it is absent, reads it again under its lock (a statement after the lock sees
 * whatever committed while we waited), so that a delivery recorded as waiting for it is always
 * seen by the handler that brings it.
 */
async function readFact<T>(m: EntityManager, kind: 'user' | 'application' | 'grant', id: string, sql: string): Promise<T | undefined> {
  const [row] = await m.query(sql, [id]);
  if (row) return row;
  await lockFact(m, kind, id);
  return (await m.query(sql, [id]))[0];
}

/**
 * Records a delivery inside the consuming event's transaction and schedules its sending. The
 * unique (event, kind, recipient) row makes a redelivered event a no-op: no second message.
 *
 * Events reach notifications on different topics, so in any order: a grant can be opened before
 * its application's receipt arrived, an assignment before the evaluator's registration. A delivery
 * whose recipient (or the reference it must quote) is not known yet is recorded as
 * AWAITING_RECIPIENT, with no job; the handler that brings the missing fact releases it.
 *
 * Check-then-insert races between partitions are closed with transaction-scoped advisory locks on
 * the facts involved: a delivery that finds a fact missing re-reads it under the fact's lock, and
 * a handler that brings a fact takes that lock before it looks for what waits. Whoever commits
 * second holds the lock after the first committed, so it sees both the waiting row and the fact.
 * Locks are taken in the order grant → application → person; a fact that is found takes none,
 * so the usual path (everything known) locks nothing.
 */
@Injectable()
export class Deliveries {
  constructor(private readonly jobs: JobScheduler) {}

  async enqueue(m: EntityManager, d: DeliveryRequest): Promise<boolean> {
    let applicationId = d.applicationId ?? null;
    let recipientUserId = d.recipientUserId ?? null;
    const grantId = d.grantId ?? null;
    const needsReference = (applicationId !== null || grantId !== null) && (d.vars.reference === undefined || d.vars.reference === null);

    if (grantId && !applicationId) {
      const g = await readFact<{ application_id: string }>(m, 'grant', grantId, `SELECT application_id FROM grant_application WHERE grant_id = $1`);
      applicationId = g?.application_id ?? null;
    }
    let ownerKnown = false;
    if (applicationId && (needsReference || !recipientUserId)) {
      const o = await readFact<{ applicant_user_id: string }>(
        m,
        'application',
        applicationId,
        `SELECT applicant_user_id FROM application_owner WHERE application_id = $1`,
      );
      ownerKnown = !!o;
      recipientUserId ??= o?.applicant_user_id ?? null;
    }
    const recipientKnown = !!recipientUserId && !!(await readFact(m, 'user', recipientUserId, `SELECT 1 AS known FROM recipient WHERE user_id = $1`));
    const ready = recipientKnown && (!needsReference || ownerKnown);

    const id = randomUUID();
    const inserted = await queryRows(
      m,
      `INSERT INTO delivery (id, event_id, kind, aggregate_id, recipient_user_id, application_id, grant_id, vars, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id`,
      [id, d.eventId, d.kind, d.aggregateId, recipientUserId, applicationId, grantId, JSON.stringify(d.vars), ready ? 'PENDING' : AWAITING_RECIPIENT],
    );
    if (!inserted.length) return false;
    if (ready) await this.schedule(m, `mail-${id}`, id);
    return true;
  }

  /**
   * A grant's application is now known (`grant_application` holds it): deliveries waiting on the
   * grant learn their application, then go on as `applicationKnown`.
   */
  async grantKnown(m: EntityManager, grantId: string, applicationId: string): Promise<number> {
    await lockFact(m, 'grant', grantId);
    await m.query(
      `UPDATE delivery SET application_id = $2 WHERE status = '${AWAITING_RECIPIENT}' AND grant_id = $1 AND application_id IS NULL`,
      [grantId, applicationId],
    );
    return this.applicationKnown(m, applicationId);
  }

  /**
   * An application's owner is now known (`application_owner` holds it): deliveries waiting on it
   * get their recipient, and each person concerned is checked as in `recipientKnown`.
   */
  async applicationKnown(m: EntityManager, applicationId: string): Promise<number> {
    await lockFact(m, 'application', applicationId);
    const [owner] = await m.query(`SELECT applicant_user_id FROM application_owner WHERE application_id = $1`, [applicationId]);
    if (!owner) return 0;
    // Never a second row for the same (event, kind, person): a row that would collide stays as it is.
    await m.query(
      `UPDATE delivery d SET recipient_user_id = $2
        WHERE d.status = '${AWAITING_RECIPIENT}' AND d.application_id = $1 AND d.recipient_user_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM delivery o WHERE o.event_id = d.event_id AND o.kind = d.kind AND o.recipient_user_id = $2)`,
      [applicationId, owner.applicant_user_id],
    );
    const people: { recipient_user_id: string }[] = await m.query(
      `SELECT DISTINCT recipient_user_id FROM delivery
        WHERE status = '${AWAITING_RECIPIENT}' AND application_id = $1 AND recipient_user_id IS NOT NULL
        ORDER BY recipient_user_id`,
      [applicationId],
    );
    let released = 0;
    for (const p of people) released += await this.recipientKnown(m, p.recipient_user_id);
    return released;
  }

  /**
   * Releases what waits for this person and has everything else it needs (the reference, through
   * the application's owner row, where the event did not carry it): PENDING, and a send job.
   */
  async recipientKnown(m: EntityManager, userId: string): Promise<number> {
    await lockFact(m, 'user', userId);
    const released = await queryRows<{ id: string }>(
      m,
      `UPDATE delivery d SET status = 'PENDING'
        WHERE d.status = '${AWAITING_RECIPIENT}' AND d.recipient_user_id = $1
          AND EXISTS (SELECT 1 FROM recipient r WHERE r.user_id = d.recipient_user_id)
          AND ((d.application_id IS NULL AND d.grant_id IS NULL)
               OR d.vars ? 'reference'
               OR EXISTS (SELECT 1 FROM application_owner o WHERE o.application_id = d.application_id))
        RETURNING d.id`,
      [userId],
    );
    // A fresh job id: an old job row of the same delivery (done, or failed) must not swallow this one.
    const stamp = Date.now().toString(36);
    for (const r of released) await this.schedule(m, `mail-${r.id}-r${stamp}`, r.id);
    return released.length;
  }

  private async schedule(m: EntityManager, jobId: string, deliveryId: string): Promise<void> {
    await this.jobs.scheduleInTx(m, { id: jobId, queue: MAIL_QUEUE, name: SEND_JOB, runAt: new Date(), payload: { deliveryId } });
  }
}
