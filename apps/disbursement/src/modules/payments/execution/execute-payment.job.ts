import { JobHandler, ScheduledJob } from '@grants/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DisbursementConfig } from '../../../config/disbursement.config';
import { markFailed } from '../domain/payment-state';
import { instructionOf, lockPayment, PaymentRow, readPayment, snapshotOf } from '../payment-row';
import { PaymentInstruction, PaymentProviderError, SendAck, transitionForSendAck } from '../providers/payment-provider';
import { PgSimulatedBank, SendChannel } from '../providers/pg-simulated-bank';
import { CrashSwitch } from './crash-switch';
import { EXECUTE_PAYMENT_JOB, PaymentJobPayload, PAYMENTS_QUEUE } from './payment-jobs';
import { PaymentRecorder } from './payment-recorder';
import { SepaFileChannel } from './sepa-file-channel';

export const WORKER_ACTOR = 'system:payment-worker';

/**
 * Executes one approved payment: APPROVED → (provider) → SENT, or PAID/FAILED when the bank's
 * answer is already known. The steps, and why each crash between them is safe:
 * 1. before the provider call: nothing happened; the job runs again (the worker's boot recovery
 *    re-wakes it at once rather than waiting for BullMQ's stalled-job check);
 * 2. after the call, before recording: the bank has the instruction; the repeat is answered
 *    DUPLICATE (same end-to-end id), never booked again, and recorded then;
 * 3. after recording (own committed transaction), before the job's row is DONE: the repeat finds
 *    the payment SENT and does nothing;
 * 4. after the job's row is DONE, before BullMQ's acknowledgement: the repeat finds the row DONE.
 * The bank's answer may overtake any of these; the conditional updates let it land first.
 * The job returns normally only once the payment has left APPROVED; otherwise it throws, so
 * BullMQ retries with backoff; the last attempt records FAILED (OUTCOME_UNKNOWN) with the reason.
 */
@Injectable()
export class ExecutePaymentJob implements JobHandler {
  readonly queue = PAYMENTS_QUEUE;
  readonly name = EXECUTE_PAYMENT_JOB;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly bank: PgSimulatedBank,
    private readonly sepa: SepaFileChannel,
    private readonly recorder: PaymentRecorder,
    private readonly crash: CrashSwitch,
    private readonly config: DisbursementConfig,
  ) {}

  async run(job: ScheduledJob, m: EntityManager): Promise<void> {
    const { paymentId, run } = job.payload as PaymentJobPayload;
    const p = await readPayment(m, paymentId);
    if (!p || p.status !== 'APPROVED' || p.runNumber !== run) return;
    if (p.channel === 'SEPA_FILE') await this.sendFile(job, m, p);
    else await this.sendOne(job, m, p);
  }

  private async sendOne(job: ScheduledJob, m: EntityManager, p: PaymentRow): Promise<void> {
    this.crash.at('before-provider', p.id);
    let ack: SendAck;
    try {
      ack = await this.bank.send(instructionOf(p));
    } catch (err) {
      await this.sendFailed(job, p, err as Error);
      return;
    }
    this.crash.at('after-provider', p.id);
    await this.record(p.id, ack, p);
    this.crash.at('after-record', p.id);
    this.crash.armBeforeAck(m, p.id);
  }

  private async sendFile(job: ScheduledJob, m: EntityManager, p: PaymentRow): Promise<void> {
    let batch = await this.sepa.fileFor(p.id);
    // Another worker is writing the file this payment goes in: it usually takes milliseconds.
    for (let waited = 0; batch === 'BUSY' && waited < 10_000; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      batch = await this.sepa.fileFor(p.id);
    }
    if (batch === null) return;
    if (batch === 'BUSY') throw new Error(`payment ${p.id} is being filed by another worker; trying again`);

    this.crash.at('before-provider', p.id);
    const via: SendChannel = { channel: 'SEPA_FILE', messageId: batch.messageId };
    const acks: { instruction: PaymentInstruction; ack: SendAck }[] = [];
    let mine: Error | undefined;
    for (const instruction of batch.instructions) {
      try {
        acks.push({ instruction, ack: await this.bank.send(instruction, via) });
      } catch (err) {
        // One transfer of the file failed to reach the bank: the others still go, and are recorded.
        // Another transfer's failure never fails this one; the transfers still APPROVED in the file
        // are sent again (or failed) by their own jobs.
        if (instruction.paymentId === p.id) mine = err as Error;
      }
    }
    if (acks.length < batch.instructions.length) {
      for (const a of acks) await this.record(a.instruction.paymentId, a.ack);
      if (mine) await this.sendFailed(job, p, mine);
      return;
    }
    this.crash.at('after-provider', p.id);
    for (const a of acks) await this.record(a.instruction.paymentId, a.ack);
    await this.ds.transaction((t) => this.sepa.markSubmitted(t, batch.fileId));
    this.crash.at('after-record', p.id);
    this.crash.armBeforeAck(m, p.id);
  }

  /**
   * Records the provider's acknowledgement in its own committed transaction: first as a
   * compare-and-set on the payment as this job read it (the usual case, one statement), and if it
   * moved meanwhile (the bank's answer overtook us), decided again on the locked row.
   */
  private async record(paymentId: string, ack: SendAck, seen?: PaymentRow): Promise<void> {
    const ctx = { actorId: WORKER_ACTOR, bankReference: ack.bankReference };
    await this.ds.transaction(async (t) => {
      if (seen && (await this.recorder.apply(t, seen, transitionForSendAck(snapshotOf(seen), ack), ctx)) !== 'CHANGED') return;
      const current = await lockPayment(t, paymentId);
      if (!current) return;
      await this.recorder.apply(t, current, transitionForSendAck(snapshotOf(current), ack), ctx);
    });
  }

  /**
   * A refusal before the instruction left (nothing moved) fails the payment as REJECTED at once;
   * an unknown outcome is retried with backoff, and recorded as OUTCOME_UNKNOWN on the last attempt.
   */
  private async sendFailed(job: ScheduledJob, p: PaymentRow, err: Error): Promise<void> {
    const retriable = !(err instanceof PaymentProviderError) || err.retriable;
    const attempt = job.attempts + 1;
    if (retriable && attempt < this.config.PAYMENT_MAX_ATTEMPTS) throw err;
    const failure = retriable
      ? { kind: 'OUTCOME_UNKNOWN' as const, reason: `could not hand the payment to the bank after ${attempt} attempts: ${err.message}` }
      : { kind: 'REJECTED' as const, reason: `refused before sending: ${err.message}` };
    await this.ds.transaction(async (t) => {
      const current = await lockPayment(t, p.id);
      if (!current) return;
      await this.recorder.apply(t, current, markFailed(snapshotOf(current), failure), { actorId: WORKER_ACTOR });
    });
  }
}
