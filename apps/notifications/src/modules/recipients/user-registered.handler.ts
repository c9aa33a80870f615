import { EventEnvelope, Topics, UserRegisteredV1 } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Deliveries } from '../deliveries/deliveries';

/**
 * Keeps who can be written to (address, language), welcomes them, and sends what waited for them
 * (an assignment, a receipt or a reset link whose event arrived before the registration).
 */
@Injectable()
export class UserRegisteredHandler implements EventHandler<UserRegisteredV1> {
  readonly topic = Topics.UserRegisteredV1;

  constructor(private readonly deliveries: Deliveries) {}

  async handle(e: EventEnvelope<UserRegisteredV1>, m: EntityManager): Promise<void> {
    const u = e.payload;
    await m.query(
      `INSERT INTO recipient (user_id, email, display_name, preferred_language) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, display_name = EXCLUDED.display_name,
         -- A language chosen later (identity.user.language-changed.v1, possibly consumed first) is kept.
         preferred_language = CASE WHEN recipient.language_set_at IS NULL THEN EXCLUDED.preferred_language ELSE recipient.preferred_language END,
         updated_at = now()`,
      [u.userId, u.email, u.displayName, u.preferredLanguage],
    );
    await this.deliveries.enqueue(m, { eventId: e.eventId, kind: 'WELCOME', recipientUserId: u.userId, aggregateId: u.userId, vars: {} });
    await this.deliveries.recipientKnown(m, u.userId);
  }
}
