import { EventEnvelope, Topics, UserLanguageChangedV1 } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Deliveries, lockFact } from '../deliveries/deliveries';

/**
 * `identity.user.language-changed.v1`: the person's e-mails come in the new language from now on
 * (a message already sent stays as it was). The newest `changedAt` wins, whatever order the
 * events arrive in; an event ahead of the registration already makes the person known.
 */
@Injectable()
export class UserLanguageChangedHandler implements EventHandler<UserLanguageChangedV1> {
  readonly topic = Topics.UserLanguageChangedV1;

  constructor(private readonly deliveries: Deliveries) {}

  async handle(e: EventEnvelope<UserLanguageChangedV1>, m: EntityManager): Promise<void> {
    const u = e.payload;
    // The person's lock, as the registration takes it: deliveries waiting for them see this row.
    await lockFact(m, 'user', u.userId);
    await m.query(
      `INSERT INTO recipient (user_id, email, display_name, preferred_language, language_set_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO UPDATE SET preferred_language = EXCLUDED.preferred_language, language_set_at = EXCLUDED.language_set_at, updated_at = now()
        WHERE recipient.language_set_at IS NULL OR recipient.language_set_at < EXCLUDED.language_set_at`,
      [u.userId, u.email, u.displayName, u.preferredLanguage, u.changedAt],
    );
    await this.deliveries.recipientKnown(m, u.userId);
  }
}
