import { Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { JobHandler, ScheduledJob } from '@grants/jobs';
import { OutboxWriter } from '@grants/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '@grants/database';
import { CALL_SCHEDULE_QUEUE, CLOSE_JOB, OPEN_JOB } from './call-schedule';

const SCHEDULER = 'system:scheduler';

interface ChangedRow {
  id: string;
  reference_code: string;
  opens_at: Date;
  closes_at: Date;
  changed_at: Date;
  version: number;
  previous_status: string;
}

/**
 * Opens a SCHEDULED call at its instant. Runs inside the transaction that marks the job done, so
 * the status change, the audit entry and `calls.call.opened.v1` happen once, together.
 */
@Injectable()
export class OpenCallJobHandler implements JobHandler {
  readonly queue = CALL_SCHEDULE_QUEUE;
  readonly name = OPEN_JOB;
  private readonly logger = new Logger('OpenCallJob');

  constructor(private readonly outbox: OutboxWriter) {}

  async run(job: ScheduledJob, m: EntityManager): Promise<void> {
    const callId = String(job.payload.callId);
    // Conditional: cancelled, already open, or already past its deadline (the close job will
    // close it straight from SCHEDULED): nothing to do.
    const rows = await queryRows<ChangedRow>(
      m,
      `UPDATE call SET status = 'OPEN', opened_at = clock_timestamp(), updated_at = clock_timestamp()
        WHERE id = $1 AND status = 'SCHEDULED' AND closes_at > clock_timestamp()
        RETURNING id, reference_code, opens_at, closes_at, opened_at AS changed_at, version, 'SCHEDULED' AS previous_status`,
      [callId],
    );
    const [c] = rows;
    if (!c) return;
    await this.outbox.append(m, {
      topic: Topics.CallOpenedV1,
      aggregateId: c.id,
      occurredAt: c.changed_at,
      payload: {
        callId: c.id,
        referenceCode: c.reference_code,
        opensAt: c.opens_at.toISOString(),
        closesAt: c.closes_at.toISOString(),
        openedAt: c.changed_at.toISOString(),
        version: c.version,
      },
    });
    await appendAudit(m, {
      action: 'call.opened',
      entityType: 'call',
      entityId: c.id,
      actorId: SCHEDULER,
      before: { status: 'SCHEDULED' },
      after: { status: 'OPEN', openedAt: c.changed_at.toISOString() },
    });
    this.logger.log(`call ${c.reference_code} opened ${c.changed_at.getTime() - c.opens_at.getTime()} ms after its instant (jobId=${job.id})`);
  }
}

/** Closes an OPEN (or, after an outage over both instants, a SCHEDULED) call at its deadline. */
@Injectable()
export class CloseCallJobHandler implements JobHandler {
  readonly queue = CALL_SCHEDULE_QUEUE;
  readonly name = CLOSE_JOB;
  private readonly logger = new Logger('CloseCallJob');

  constructor(private readonly outbox: OutboxWriter) {}

  async run(job: ScheduledJob, m: EntityManager): Promise<void> {
    const callId = String(job.payload.callId);
    // Never before the call's own deadline: an extension moves this job in the same transaction
    // that moves the deadline, and this guard holds even if it did not. 5 ms is the scheduler's
    // own tolerance for an early wake-up.
    const rows = await queryRows<ChangedRow>(
      m,
      `WITH previous AS (SELECT id, status FROM call WHERE id = $1 FOR UPDATE)
       UPDATE call c SET status = 'CLOSED', closed_at = clock_timestamp(), updated_at = clock_timestamp()
         FROM previous p
        WHERE c.id = p.id AND p.status IN ('SCHEDULED', 'OPEN') AND c.closes_at <= clock_timestamp() + interval '5 milliseconds'
        RETURNING c.id, c.reference_code, c.opens_at, c.closes_at, c.closed_at AS changed_at, c.version, p.status AS previous_status`,
      [callId],
    );
    const [c] = rows;
    if (!c) return;
    await this.outbox.append(m, {
      topic: Topics.CallClosedV1,
      aggregateId: c.id,
      occurredAt: c.changed_at,
      payload: {
        callId: c.id,
        referenceCode: c.reference_code,
        closesAt: c.closes_at.toISOString(),
        closedAt: c.changed_at.toISOString(),
        version: c.version,
      },
    });
    await appendAudit(m, {
      action: 'call.closed',
      entityType: 'call',
      entityId: c.id,
      actorId: SCHEDULER,
      before: { status: c.previous_status },
      after: { status: 'CLOSED', closedAt: c.changed_at.toISOString() },
    });
    this.logger.log(`call ${c.reference_code} closed ${c.changed_at.getTime() - c.closes_at.getTime()} ms after its deadline (jobId=${job.id})`);
  }
}
