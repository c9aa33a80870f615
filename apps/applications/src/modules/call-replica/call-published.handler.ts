import { CallPublishedV1, EventEnvelope, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { applySnapshot } from './call-replica.store';

/** Keeps the local replica of a published call (what submissions are checked against). */
@Injectable()
export class CallPublishedHandler implements EventHandler<CallPublishedV1> {
  readonly topic = Topics.CallPublishedV1;

  async handle(e: EventEnvelope<CallPublishedV1>, m: EntityManager): Promise<void> {
    await applySnapshot(m, e.payload, e.payload.version ?? 1);
  }
}
