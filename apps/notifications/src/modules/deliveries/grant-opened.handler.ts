import { EventEnvelope, GrantOpenedV1, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';

/**
 * Records the grant-opened notice in the delivery log. Rendering and sending e-mail in the
 * recipient's language comes with the notifications issue; the log is what guarantees once-only.
 */
@Injectable()
export class GrantOpenedHandler implements EventHandler<GrantOpenedV1> {
  readonly topic = Topics.GrantOpenedV1;

  async handle(e: EventEnvelope<GrantOpenedV1>, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO delivery (id, event_id, kind, aggregate_id, status) VALUES ($1, $2, 'GRANT_OPENED', $3, 'LOGGED')
       ON CONFLICT DO NOTHING`,
      [randomUUID(), e.eventId, e.payload.grantId],
    );
  }
}
