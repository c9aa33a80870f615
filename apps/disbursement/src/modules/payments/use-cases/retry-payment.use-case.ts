import { AuthUser } from '@grants/auth';
import { ConflictError } from '@grants/common';
import { JobScheduler } from '@grants/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DisbursementConfig } from '../../../config/disbursement.config';
import { paymentNotFound, refusalError } from '../../shared/disbursement.errors';
import { cancelByPerson, retryByPerson } from '../domain/payment-state';
import { scheduleExecution } from '../execution/payment-jobs';
import { PaymentRecorder } from '../execution/payment-recorder';
import { lockPayment, snapshotOf } from '../payment-row';

/**
 * A person puts a FAILED payment back to APPROVED; it is sent again under the same end-to-end id
 * (after OUTCOME_UNKNOWN the bank answers DUPLICATE if it has it; after a rejection the next
 * execution number makes it a new attempt). The approval stands: it is the same instruction to the
 * same account. Each retry is a new run, with its own job.
 */
@Injectable()
export class RetryPaymentUseCase {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly recorder: PaymentRecorder,
    private readonly scheduler: JobScheduler,
    private readonly config: DisbursementConfig,
  ) {}

  async execute(paymentId: string, user: AuthUser): Promise<{ paymentId: string; status: string; execution: number }> {
    return this.ds.transaction(async (m) => {
      const p = await lockPayment(m, paymentId);
      if (!p) throw paymentNotFound(paymentId);
      const outcome = retryByPerson(snapshotOf(p), { kind: 'PERSON', userId: user.id });
      if (!outcome.ok) throw refusalError(outcome);
      const applied = await this.recorder.apply(m, p, outcome, { actorId: user.id });
      if (applied !== 'APPLIED') throw new ConflictError('DISBURSEMENT.PAYMENT_STATE_CONFLICT', 'The payment changed while it was being retried');
      const delay = p.channel === 'SEPA_FILE' ? this.config.SEPA_BATCH_DELAY_MS : 0;
      await scheduleExecution(this.scheduler, m, { id: p.id, runNumber: p.runNumber + 1 }, delay);
      return { paymentId, status: 'APPROVED', execution: outcome.value.execution ?? p.execution };
    });
  }
}

/** Gives up a payment the bank rejected (nothing moved): its amount goes back to the grant and call. */
@Injectable()
export class CancelPaymentUseCase {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly recorder: PaymentRecorder,
  ) {}

  async execute(paymentId: string, user: AuthUser): Promise<{ paymentId: string; status: string }> {
    return this.ds.transaction(async (m) => {
      const p = await lockPayment(m, paymentId);
      if (!p) throw paymentNotFound(paymentId);
      const outcome = cancelByPerson(snapshotOf(p), { kind: 'PERSON', userId: user.id });
      if (!outcome.ok) throw refusalError(outcome);
      const applied = await this.recorder.apply(m, p, outcome, { actorId: user.id });
      if (applied !== 'APPLIED') throw new ConflictError('DISBURSEMENT.PAYMENT_STATE_CONFLICT', 'The payment changed while it was being cancelled');
      return { paymentId, status: 'CANCELLED' };
    });
  }
}
