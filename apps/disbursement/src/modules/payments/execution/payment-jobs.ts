import { JobScheduler } from '@grants/jobs';
import { EntityManager } from 'typeorm';

/** The BullMQ queue of payment execution and status inquiries (PostgreSQL's scheduled_job is the truth). */
export const PAYMENTS_QUEUE = 'payments';
export const EXECUTE_PAYMENT_JOB = 'execute-payment';
export const CHECK_PAYMENT_JOB = 'check-payment';

export interface PaymentJobPayload {
  paymentId: string;
  /** The payment's run number when scheduled: a job of an earlier run (before a person's retry) does nothing. */
  run: number;
  [key: string]: unknown;
}

/** One execution job per payment and run: a person's retry starts a new run, hence a new job. */
export const executeJobId = (paymentId: string, run: number) => `payment-${paymentId}-r${run}`;
/** One inquiry per payment, run and round (a round per PAYMENT_ANSWER_TIMEOUT_MS since it was sent). */
export const checkJobId = (paymentId: string, run: number, round: number) => `payment-check-${paymentId}-r${run}-i${round}`;

/** Schedules the execution in the caller's transaction; BullMQ is woken after it commits. */
export async function scheduleExecution(
  scheduler: JobScheduler,
  m: EntityManager,
  payment: { id: string; runNumber: number },
  delayMs = 0,
  jobId = executeJobId(payment.id, payment.runNumber),
): Promise<void> {
  await scheduler.scheduleInTx(m, {
    id: jobId,
    queue: PAYMENTS_QUEUE,
    name: EXECUTE_PAYMENT_JOB,
    runAt: new Date(Date.now() + delayMs),
    payload: { paymentId: payment.id, run: payment.runNumber } satisfies PaymentJobPayload,
  });
}
