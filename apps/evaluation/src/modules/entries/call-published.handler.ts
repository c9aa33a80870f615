import { CallPublishedV1, EventEnvelope, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { upsertCallReplica } from './call-replica';

/** The call's rules as published: rubric, evaluation settings, award rules (a full snapshot). */
@Injectable()
export class CallPublishedHandler implements EventHandler<CallPublishedV1> {
  readonly topic = Topics.CallPublishedV1;

  async handle(e: EventEnvelope<CallPublishedV1>, m: EntityManager): Promise<void> {
    await upsertCallReplica(m, e.payload, e.payload.version ?? 1);
  }
}
