import { JobScheduler } from '@grants/jobs';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DisbursementConfig } from '../../../config/disbursement.config';
import { paymentIdFromEndToEndId } from '../domain/end-to-end-id';
import { lockPayments, snapshotOf } from '../payment-row';
import { BankConfirmation, transitionForConfirmation } from '../providers/payment-provider';
import { PgSimulatedBank } from '../providers/pg-simulated-bank';
import { checkJobId, CHECK_PAYMENT_JOB, executeJobId, PaymentJobPayload, PAYMENTS_QUEUE, scheduleExecution } from './payment-jobs';
import { PaymentRecorder } from './payment-recorder';

const BANK_ACTOR = 'system:bank-answer';

/**
 * The worker role's background duties:
 * - the simulated bank's desk: decides due entries and delivers the answers to `onConfirmation`;
 * - at boot, re-wakes every APPROVED payment whose job is not running anywhere: a worker killed
 *   mid-job leaves its BullMQ job "active" until the stalled-job check (30 s or more); moving the
 *   row's instant gives it a new wake-up now, and the stale one then finds nothing to do;
 * - on a timer, schedules a status inquiry for every SENT payment whose answer is overdue.
 */
@Injectable()
export class PaymentSupervisor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PaymentSupervisor');
  private running = false;
  private deskTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  private desk: Promise<unknown> = Promise.resolve();
  private unsubscribe?: () => void;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly bank: PgSimulatedBank,
    private readonly recorder: PaymentRecorder,
    private readonly scheduler: JobScheduler,
    private readonly config: DisbursementConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runsWorker) return;
    this.running = true;
    this.unsubscribe = this.bank.onConfirmations((cs) => this.onConfirmations(cs));
    await this.reviveApproved();
    const deskLoop = () => {
      this.deskTimer = setTimeout(() => {
        this.desk = this.bank
          .tick()
          .catch((err) => this.logger.warn(`bank desk: ${(err as Error).message}`))
          .finally(() => this.running && deskLoop());
      }, this.config.SIMULATED_BANK_TICK_MS);
    };
    deskLoop();
    const sweepLoop = () => {
      this.sweepTimer = setTimeout(() => {
        void this.scheduleInquiries()
          .catch((err) => this.logger.warn(`inquiry sweep: ${(err as Error).message}`))
          .finally(() => this.running && sweepLoop());
      }, this.config.PAYMENT_SWEEP_INTERVAL_MS);
    };
    sweepLoop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.deskTimer);
    clearTimeout(this.sweepTimer);
    this.unsubscribe?.();
    await this.desk;
  }

  /**
   * Bank answers, a batch in one transaction: BOOKED → PAID, REJECTED → FAILED with the bank's
   * reason; repeats (an answer sent twice, or delivered again after a crash) change nothing. The
   * payments are locked in id order, so two batches never wait on each other in a cycle.
   */
  async onConfirmations(cs: BankConfirmation[]): Promise<void> {
    const known = cs.flatMap((c) => {
      const paymentId = paymentIdFromEndToEndId(c.endToEndId);
      if (!paymentId) this.logger.warn(`an answer for ${c.endToEndId}, which is not one of our end-to-end ids: ignored`);
      return paymentId ? [{ paymentId, c }] : [];
    });
    if (!known.length) return;
    await this.ds.transaction(async (m) => {
      const locked = new Map((await lockPayments(m, [...new Set(known.map((k) => k.paymentId))])).map((p) => [p.id, p]));
      const seen = new Set<string>();
      for (const { paymentId, c } of known) {
        // The same payment answered twice in one batch: the second must see what the first left.
        if (seen.has(paymentId)) {
          const [again] = await lockPayments(m, [paymentId]);
          if (again) locked.set(paymentId, again);
        }
        seen.add(paymentId);
        const p = locked.get(paymentId);
        if (!p) continue;
        await this.recorder.apply(m, p, transitionForConfirmation(snapshotOf(p), c), { actorId: BANK_ACTOR, bankReference: c.bankReference });
      }
    });
  }

  async reviveApproved(): Promise<number> {
    const payments: { id: string; runNumber: number }[] = await this.ds.query(
      `SELECT id, run_number AS "runNumber" FROM payment WHERE status = 'APPROVED' ORDER BY approved_at`,
    );
    let revived = 0;
    for (let i = 0; i < payments.length; i += 500) {
      const chunk = payments.slice(i, i + 500);
      revived += await this.ds.transaction(async (m) => {
        const ids = chunk.map((p) => executeJobId(p.id, p.runNumber));
        const jobs = new Map<string, string>(
          (await m.query(`SELECT id, status FROM scheduled_job WHERE id = ANY($1::text[])`, [ids])).map((r: { id: string; status: string }) => [
            r.id,
            r.status,
          ]),
        );
        // Rows a live worker is running right now stay locked by its transaction: leave those alone.
        const free = new Set<string>(
          (
            await m.query(`SELECT id FROM scheduled_job WHERE id = ANY($1::text[]) AND status = 'PENDING' FOR UPDATE SKIP LOCKED`, [ids])
          ).map((r: { id: string }) => r.id),
        );
        let n = 0;
        for (const p of chunk) {
          const jobId = executeJobId(p.id, p.runNumber);
          const status = jobs.get(jobId);
          if (status === 'PENDING' && !free.has(jobId)) continue;
          // A finished job row with the payment still APPROVED (it should not happen) gets a fresh row.
          const id = status === undefined || status === 'PENDING' ? jobId : `${jobId}-b${Date.now()}`;
          await scheduleExecution(this.scheduler, m, p, 0, id);
          n++;
        }
        return n;
      });
    }
    if (revived) this.logger.log(`re-woke ${revived} approved payment(s) at boot`);
    return revived;
  }

  async scheduleInquiries(): Promise<number> {
    const overdue: { id: string; runNumber: number; round: number }[] = await this.ds.query(
      `SELECT id, run_number AS "runNumber", floor(extract(epoch FROM now() - sent_at) * 1000 / $1)::int AS round FROM payment
        WHERE status = 'SENT' AND sent_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY sent_at LIMIT 500`,
      [this.config.PAYMENT_ANSWER_TIMEOUT_MS],
    );
    if (!overdue.length) return 0;
    return this.ds.transaction(async (m) => {
      const ids = overdue.map((p) => checkJobId(p.id, p.runNumber, p.round));
      const known = new Set<string>((await m.query(`SELECT id FROM scheduled_job WHERE id = ANY($1::text[])`, [ids])).map((r: { id: string }) => r.id));
      let n = 0;
      for (const p of overdue) {
        const id = checkJobId(p.id, p.runNumber, p.round);
        if (known.has(id)) continue;
        await this.scheduler.scheduleInTx(m, {
          id,
          queue: PAYMENTS_QUEUE,
          name: CHECK_PAYMENT_JOB,
          runAt: new Date(),
          payload: { paymentId: p.id, run: p.runNumber } satisfies PaymentJobPayload,
        });
        n++;
      }
      return n;
    });
  }
}
