import { EventEnvelope, PasswordResetRequestedV1, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Deliveries } from '../deliveries/deliveries';
import { resetPasswordLink } from '../deliveries/portal-links';

/** The portal's base URL (PORTAL_URL), without a trailing slash. */
export const PORTAL_URL = Symbol('PORTAL_URL');

@Injectable()
export class PasswordResetRequestedHandler implements EventHandler<PasswordResetRequestedV1> {
  readonly topic = Topics.PasswordResetRequestedV1;

  constructor(
    private readonly deliveries: Deliveries,
    @Inject(PORTAL_URL) private readonly portalUrl: string,
  ) {}

  async handle(e: EventEnvelope<PasswordResetRequestedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    await this.deliveries.enqueue(m, {
      eventId: e.eventId,
      kind: 'PASSWORD_RESET',
      recipientUserId: p.userId,
      aggregateId: p.userId,
      vars: { link: resetPasswordLink(this.portalUrl, p.resetToken), expiresAt: p.expiresAt },
    });
  }
}
