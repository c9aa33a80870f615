import { CallAmendedV1, CallCancelledV1, CallClosedV1, CallOpenedV1, EventEnvelope, Topics } from '@grants/contracts';
import { JobScheduler } from '@grants/jobs';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { autoScreenJob } from '../screening/screening.jobs';
import { applySnapshot } from './call-replica.store';

/** An amendment carries the new full snapshot: a deadline extension reaches us only this way. */
@Injectable()
export class CallAmendedHandler implements EventHandler<CallAmendedV1> {
  readonly topic = Topics.CallAmendedV1;

  async handle(e: EventEnvelope<CallAmendedV1>, m: EntityManager): Promise<void> {
    await applySnapshot(m, e.payload.snapshot, e.payload.snapshot.version ?? e.payload.version);
  }
}

@Injectable()
export class CallOpenedHandler implements EventHandler<CallOpenedV1> {
  readonly topic = Topics.CallOpenedV1;

  async handle(e: EventEnvelope<CallOpenedV1>, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO call_lifecycle (call_id, opened_at) VALUES ($1, $2)
       ON CONFLICT (call_id) DO UPDATE SET opened_at = EXCLUDED.opened_at, updated_at = now()`,
      [e.payload.callId, e.payload.openedAt],
    );
  }
}

/**
 * The deadline passed (calls' close job). Submissions are refused by the clock already; this
 * also starts screening's automatic checks, as a job (a large call takes a while, and a Kafka
 * handler must not hold its partition that long).
 */
@Injectable()
export class CallClosedHandler implements EventHandler<CallClosedV1> {
  readonly topic = Topics.CallClosedV1;

  constructor(private readonly jobs: JobScheduler) {}

  async handle(e: EventEnvelope<CallClosedV1>, m: EntityManager): Promise<void> {
    const c = e.payload;
    await m.query(
      `INSERT INTO call_lifecycle (call_id, closed_at, closed_version) VALUES ($1, $2, $3)
       ON CONFLICT (call_id) DO UPDATE SET closed_at = EXCLUDED.closed_at,
         closed_version = GREATEST(call_lifecycle.closed_version, EXCLUDED.closed_version), updated_at = now()`,
      [c.callId, c.closedAt, c.version],
    );
    await this.jobs.scheduleInTx(m, autoScreenJob(c.callId, new Date()));
  }
}

/** Cancelled for good: whatever arrives later, the call accepts nothing more. */
@Injectable()
export class CallCancelledHandler implements EventHandler<CallCancelledV1> {
  readonly topic = Topics.CallCancelledV1;

  async handle(e: EventEnvelope<CallCancelledV1>, m: EntityManager): Promise<void> {
    const c = e.payload;
    await m.query(
      `INSERT INTO call_lifecycle (call_id, cancelled_at, cancel_reason) VALUES ($1, $2, $3)
       ON CONFLICT (call_id) DO UPDATE SET cancelled_at = COALESCE(call_lifecycle.cancelled_at, EXCLUDED.cancelled_at),
         cancel_reason = COALESCE(call_lifecycle.cancel_reason, EXCLUDED.cancel_reason), updated_at = now()`,
      [c.callId, c.cancelledAt, c.reason],
    );
  }
}
