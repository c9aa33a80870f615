import { JobSpec } from '@grants/jobs';
import { EntityManager } from 'typeorm';

/** The call's opening and closing live in PostgreSQL's scheduled_job; BullMQ only wakes us. */
export const CALL_SCHEDULE_QUEUE = 'call-schedule';
export const OPEN_JOB = 'open';
export const CLOSE_JOB = 'close';

export const openJobId = (callId: string) => `call-open-${callId}`;
export const closeJobId = (callId: string) => `call-close-${callId}`;

export const openJob = (callId: string, opensAt: Date): JobSpec => ({
  id: openJobId(callId),
  queue: CALL_SCHEDULE_QUEUE,
  name: OPEN_JOB,
  runAt: opensAt,
  payload: { callId },
});

export const closeJob = (callId: string, closesAt: Date): JobSpec => ({
  id: closeJobId(callId),
  queue: CALL_SCHEDULE_QUEUE,
  name: CLOSE_JOB,
  runAt: closesAt,
  payload: { callId },
});

/**
 * Locks a call's schedule rows, then its own row. The job worker locks its schedule row and then
 * the call: taking them in the same order here means an amendment or a cancellation racing the
 * closing instant waits for it (or it for them) instead of deadlocking.
 */
export async function lockCallAndSchedule(m: EntityManager, callId: string): Promise<void> {
  await m.query(`SELECT id FROM scheduled_job WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [
    [closeJobId(callId), openJobId(callId)],
  ]);
  await m.query(`SELECT id FROM call WHERE id = $1 FOR UPDATE`, [callId]);
}
