import { JobHandler, ScheduledJob } from '@grants/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DisbursementConfig } from '../../../config/disbursement.config';
import { markFailed } from '../domain/payment-state';
import { instructionOf, lockPayment, readPayment, snapshotOf } from '../payment-row';
import { SendAck, transitionForSendAck } from '../providers/payment-provider';
import { PgSimulatedBank } from '../providers/pg-simulated-bank';
import { WORKER_ACTOR } from './execute-payment.job';
import { CHECK_PAYMENT_JOB, PaymentJobPayload, PAYMENTS_QUEUE } from './payment-jobs';
import { PaymentRecorder } from './payment-recorder';

/**
 * A SENT payment whose answer is overdue: ask the bank again. The inquiry is a repeat of the same
 * instruction under the same end-to-end id — the bank answers DUPLICATE with what it knows, and
 * never books twice — so a lost "booked" answer (the bank timed out after booking) still ends PAID.
 * While the bank has not decided, the job retries with backoff, and the payment stays SENT: banks
 * answer in hours or days, so the next round asks again. Only once PAYMENT_ANSWER_TIMEOUT_DAYS have
 * passed since it was sent is it FAILED with OUTCOME_UNKNOWN, visible to finance, never cancellable
 * (it may be paid), waiting for the bank's answer or two people's decision that it was not executed.
 */
@Injectable()
export class CheckPaymentJob implements JobHandler {
  readonly queue = PAYMENTS_QUEUE;
  readonly name = CHECK_PAYMENT_JOB;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly bank: PgSimulatedBank,
    private readonly recorder: PaymentRecorder,
    private readonly config: DisbursementConfig,
  ) {}

  async run(job: ScheduledJob, m: EntityManager): Promise<void> {
    const { paymentId, run } = job.payload as PaymentJobPayload;
    const p = await readPayment(m, paymentId);
    if (!p || p.status !== 'SENT' || p.runNumber !== run) return;
    const last = job.attempts + 1 >= this.config.PAYMENT_MAX_ATTEMPTS;
    let ack: SendAck | null = null;
    let problem = 'the bank has not decided on it yet';
    try {
      ack = await this.bank.send(instructionOf(p));
    } catch (err) {
      problem = `the bank could not be asked: ${(err as Error).message}`;
    }
    const decided = ack && (ack.kind === 'DUPLICATE' && ack.bankStatus !== 'PENDING');
    const days = this.config.PAYMENT_ANSWER_TIMEOUT_DAYS;
    const givenUp = !!p.sentAt && Date.now() - new Date(p.sentAt).getTime() >= days * 86_400_000;
    if (!decided && !givenUp) {
      if (!last) throw new Error(`payment ${p.id}: ${problem}`);
      return; // still SENT: the next round asks again
    }
    await this.ds.transaction(async (t) => {
      const current = await lockPayment(t, p.id);
      if (!current) return;
      const outcome =
        decided && ack
          ? transitionForSendAck(snapshotOf(current), ack)
          : markFailed(snapshotOf(current), {
              kind: 'OUTCOME_UNKNOWN',
              reason: `no answer from the bank within ${days} day(s) of sending: ${problem}`,
            });
      await this.recorder.apply(t, current, outcome, { actorId: WORKER_ACTOR, bankReference: ack?.bankReference });
    });
  }
}
