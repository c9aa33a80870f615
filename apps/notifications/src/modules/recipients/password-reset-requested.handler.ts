import { EventEnvelope, PasswordResetRequestedV1, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Deliveries } from '../deliveries/deliveries';

export const PUBLIC_BASE_URL = Symbol('PUBLIC_BASE_URL');

@Injectable()
export class PasswordResetRequestedHandler implements EventHandler<PasswordResetRequestedV1> {
  readonly topic = Topics.PasswordResetRequestedV1;

  constructor(
    private readonly deliveries: Deliveries,
    @Inject(PUBLIC_BASE_URL) private readonly baseUrl: string,
  ) {}

  async handle(e: EventEnvelope<PasswordResetRequestedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    await this.deliveries.enqueue(m, {
      eventId: e.eventId,
      kind: 'PASSWORD_RESET',
      recipientUserId: p.userId,
      aggregateId: p.userId,
      vars: { link: `${this.baseUrl}/reset-password?token=${encodeURIComponent(p.resetToken)}`, expiresAt: p.expiresAt },
    });
  }
}
