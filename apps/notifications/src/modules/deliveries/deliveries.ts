import { JobScheduler } from '@grants/jobs';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DeliveryKind } from './templates';

export const MAIL_QUEUE = 'mail';
export const SEND_JOB = 'send';

export interface DeliveryRequest {
  eventId: string;
  kind: DeliveryKind;
  recipientUserId: string;
  aggregateId: string;
  vars: Record<string, unknown>;
}

/**
 * Records a delivery inside the consuming event's transaction and schedules its sending. The
 * unique (event, kind, recipient) row makes a redelivered event a no-op: no second message.
 */
@Injectable()
export class Deliveries {
  constructor(private readonly jobs: JobScheduler) {}

  async enqueue(m: EntityManager, d: DeliveryRequest): Promise<boolean> {
    const id = randomUUID();
    const inserted: unknown[] = await m.query(
      `INSERT INTO delivery (id, event_id, kind, aggregate_id, recipient_user_id, vars, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'PENDING') ON CONFLICT DO NOTHING RETURNING id`,
      [id, d.eventId, d.kind, d.aggregateId, d.recipientUserId, JSON.stringify(d.vars)],
    );
    if (!inserted.length) return false;
    await this.jobs.scheduleInTx(m, { id: `mail-${id}`, queue: MAIL_QUEUE, name: SEND_JOB, runAt: new Date(), payload: { deliveryId: id } });
    return true;
  }
}
