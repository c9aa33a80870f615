import { CallAmendedV1, CallCancelledV1, CallClosedV1, EventEnvelope, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { upsertCallReplica } from './call-replica';

/** An amendment carries the new full snapshot: applied exactly like a publication. */
@Injectable()
export class CallAmendedHandler implements EventHandler<CallAmendedV1> {
  readonly topic = Topics.CallAmendedV1;

  async handle(e: EventEnvelope<CallAmendedV1>, m: EntityManager): Promise<void> {
    await upsertCallReplica(m, e.payload.snapshot, e.payload.version);
  }
}

/** Screening and evaluation follow the close; the instant is kept (sticky: never reopened). */
@Injectable()
export class CallClosedHandler implements EventHandler<CallClosedV1> {
  readonly topic = Topics.CallClosedV1;

  async handle(e: EventEnvelope<CallClosedV1>, m: EntityManager): Promise<void> {
    const updated: unknown[] = await m.query(
      `UPDATE call_replica SET closed_at = COALESCE(closed_at, $2),
              status = CASE WHEN status = 'CANCELLED' THEN status ELSE 'CLOSED' END, updated_at = now()
        WHERE call_id = $1 RETURNING 1`,
      [e.payload.callId, e.payload.closedAt],
    );
    // The publication travels on another topic and may not be here yet: fail, and be retried.
    if (!updated.length) throw new Error(`call ${e.payload.callId} closed before its publication reached evaluation`);
  }
}

@Injectable()
export class CallCancelledHandler implements EventHandler<CallCancelledV1> {
  readonly topic = Topics.CallCancelledV1;

  async handle(e: EventEnvelope<CallCancelledV1>, m: EntityManager): Promise<void> {
    const updated: unknown[] = await m.query(
      `UPDATE call_replica SET status = 'CANCELLED', updated_at = now() WHERE call_id = $1 RETURNING 1`,
      [e.payload.callId],
    );
    if (!updated.length) throw new Error(`call ${e.payload.callId} cancelled before its publication reached evaluation`);
  }
}
