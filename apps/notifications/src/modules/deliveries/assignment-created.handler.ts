import { AssignmentCreatedV1, EventEnvelope, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Deliveries } from './deliveries';

/**
 * `evaluation.assignment.created.v1` → ASSIGNMENT to the evaluator: how many new entries, and the
 * call's title in their language when notifications knows the call (counts only: never an entry).
 * Staff accounts come with `identity.user.registered.v1`; until it arrives the mail waits.
 */
@Injectable()
export class AssignmentCreatedHandler implements EventHandler<AssignmentCreatedV1> {
  readonly topic = Topics.AssignmentCreatedV1;

  constructor(private readonly deliveries: Deliveries) {}

  async handle(e: EventEnvelope<AssignmentCreatedV1>, m: EntityManager): Promise<void> {
    const a = e.payload;
    await this.deliveries.enqueue(m, {
      eventId: e.eventId,
      kind: 'ASSIGNMENT',
      recipientUserId: a.evaluatorUserId,
      aggregateId: a.callId,
      vars: { callId: a.callId, count: a.count, totalInCall: a.totalInCall, assignmentReason: a.reason },
    });
  }
}
