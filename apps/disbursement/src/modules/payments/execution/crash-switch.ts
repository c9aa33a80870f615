import { Inject, Injectable, Logger } from '@nestjs/common';
import { writeSync } from 'node:fs';
import { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { DisbursementConfig, PaymentCrashPoint } from '../../../config/disbursement.config';

const ARMED = 'grants:crashAfterCommit';

/**
 * Fault injection for the exactly-once proof (PAYMENT_CRASH_AT, PAYMENT_CRASH_FRACTION): the worker
 * kills itself with SIGKILL — no shutdown hook, no flush, exactly like a crash — at one step of
 * the payment's execution, for every 1/fraction-th payment reaching that step in this process.
 * Counting (rather than drawing at random) guarantees the crashes happen and guarantees progress:
 * a restarted worker gets through the payment that killed its predecessor.
 * `before-ack` fires after the job's transaction committed and before BullMQ's acknowledgement.
 */
@Injectable()
export class CrashSwitch {
  private readonly logger = new Logger('CrashSwitch');
  private readonly point: PaymentCrashPoint | '';
  private readonly fraction: number;
  private reached = 0;

  constructor(config: DisbursementConfig, @Inject(DataSource) ds: DataSource) {
    this.point = config.PAYMENT_CRASH_AT as PaymentCrashPoint | '';
    this.fraction = config.PAYMENT_CRASH_FRACTION;
    if (this.enabled) {
      this.logger.warn(`fault injection on: the worker kills itself at ${this.point} for ${this.fraction} of payments`);
      ds.subscribers.push({
        afterTransactionCommit: (e: TransactionCommitEvent) => {
          const paymentId = (e.queryRunner?.data as Record<string, string> | undefined)?.[ARMED];
          if (paymentId) this.die(paymentId);
        },
      } as EntitySubscriberInterface);
    }
  }

  get enabled(): boolean {
    return this.point !== '' && this.fraction > 0;
  }

  /** Dies here if this is the configured step and this payment is one of the chosen fraction. */
  at(point: PaymentCrashPoint, paymentId: string): void {
    if (point === 'before-ack' || !this.chosen(point)) return;
    this.die(paymentId);
  }

  /** For `before-ack`: dies right after `m`'s transaction (the job's) commits. */
  armBeforeAck(m: EntityManager, paymentId: string): void {
    if (!this.chosen('before-ack') || !m.queryRunner) return;
    (m.queryRunner.data as Record<string, string>)[ARMED] = paymentId;
  }

  private chosen(point: PaymentCrashPoint): boolean {
    if (!this.enabled || point !== this.point) return false;
    this.reached += 1;
    return Math.floor(this.reached * this.fraction) > Math.floor((this.reached - 1) * this.fraction);
  }

  private die(paymentId: string): never {
    writeSync(2, `PAYMENT_CRASH_AT=${this.point}: killing the payment worker (pid ${process.pid}) at payment ${paymentId}\n`);
    process.kill(process.pid, 'SIGKILL');
    throw new Error('unreachable');
  }
}
