import { Topics } from '@grants/contracts';
import { Actor, sleep, waitFor } from '@grants/testing';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { PAYMENT_CRASH_POINTS, PaymentCrashPoint } from '../../src/config/disbursement.config';
import { endToEndIdFor } from '../../src/modules/payments/domain/end-to-end-id';
import { awardGranted, CallFixture, callPublished, DisbursementTest, publish, receiptIssued, startDisbursementTest } from '../support/disbursement-platform';
import { WorkerProcess } from '../support/worker-process';

const PER_STEP = 16;
const FRACTION = 0.2;
// Beside the platform's ports (basePort 4440, or DISBURSEMENT_TEST_BASE_PORT).
const WORKER_PORT = Number(process.env.DISBURSEMENT_TEST_BASE_PORT || 4440) + 9;

const PRIZES: CallFixture = {
  callId: randomUUID(),
  referenceCode: 'FMZ-ESSAY-CRASH',
  kind: 'ESSAY_CONTEST',
  currency: 'MKD',
  budgetMinor: '1000000000',
  title: 'Мојот сограѓанин од соседната улица',
  language: 'mk',
  tranches: [{ percent: 100, trigger: 'ON_AGREEMENT_SIGNED' }],
};

/**
 * No double payment, proved. The API runs as one process (DISBURSEMENT_ROLE=api); the payment
 * worker as another (DISBURSEMENT_ROLE=worker), told by PAYMENT_CRASH_AT to kill itself with
 * SIGKILL at one step of the execution for every fourth payment reaching it: before the provider
 * call, after it and before recording, after recording and before the job is marked done, after
 * that and before BullMQ's acknowledgement. Each step gets its own payments; the test restarts
 * the worker every time it dies until all are PAID, then reads the bank's own database (a separate
 * one, which no disbursement process holds state for): every payment reached the bank exactly once
 * (one accepted instruction, one booking), and is PAID once (one ledger entry, one event).
 */
describe('no double payment: the payment worker killed at every step, over many payments', () => {
  let d: DisbursementTest;
  let grantee: Actor;
  const byStep = new Map<PaymentCrashPoint, string[]>();
  const crashesByStep = new Map<PaymentCrashPoint, number>();
  const call = (method: string, p: string, actor: Actor, body?: unknown) => d.t.client.call(method, `/disbursement${p}`, body, actor.auth);
  const expectOk = async (method: string, p: string, actor: Actor, body?: unknown, status = 200) => {
    const r = await call(method, p, actor, body);
    if (r.status !== status) throw new Error(`${method} ${p}: expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };

  /** PER_STEP approved payments, executed by nobody yet (the API process runs no worker). */
  async function approvedPayments(step: number): Promise<string[]> {
    const awards = Array.from({ length: PER_STEP }, (_, i) => {
      const applicationId = randomUUID();
      const amount = String(100_000 + step * 1000 + i); // 1 000,00 MKD and a few denars: every amount distinct
      return { applicationId, ...awardGranted(PRIZES.callId, applicationId, amount, 'MKD', 1) };
    });
    await publish(
      d.bus,
      awards.map((a, i) => receiptIssued(PRIZES.callId, a.applicationId, grantee.id, `FMZ-ESSAY-CRASH-${step}-${String(i).padStart(3, '0')}`)),
    );
    await publish(d.bus, awards.map((a) => a.event));
    const grants = await waitFor(
      `${PER_STEP} grants for step ${step}`,
      async () => {
        const rows = await d.db<{ id: string }>(
          `SELECT id FROM grant_account WHERE award_id = ANY($1::uuid[]) AND status = 'OPEN' AND applicant_user_id IS NOT NULL`,
          [awards.map((a) => a.awardId)],
        );
        return rows.length === PER_STEP && rows;
      },
      { timeoutMs: 60_000 },
    );
    const ids: string[] = [];
    for (let i = 0; i < grants.length; i += 4) {
      ids.push(
        ...(await Promise.all(
          grants.slice(i, i + 4).map(async (g) => {
            await expectOk('PUT', `/grants/${g.id}/bank-details`, grantee, { iban: 'MK07250120000058984', bic: 'STOBMK2X', accountHolder: 'Ана Петровска' });
            const signed = await expectOk('POST', `/grants/${g.id}/agreement/sign`, d.officer, { signedOn: '2023-06-01' });
            expect((await expectOk('POST', `/payments/${signed.releasedPaymentId}/approve`, d.approverA)).status).toBe('APPROVED');
            return signed.releasedPaymentId as string;
          }),
        )),
      );
    }
    return ids;
  }

  beforeAll(async () => {
    d = await startDisbursementTest({ label: 'disbcrash', basePort: 4440, env: { DISBURSEMENT_ROLE: 'api' } });
    grantee = await d.t.client.applicant('Ана Петровска', { language: 'mk', type: 'STUDENT' });
    await publish(d.bus, [callPublished(PRIZES)]);
    await waitFor('the call replica', async () => (await d.db(`SELECT 1 FROM call_replica WHERE call_id = $1`, [PRIZES.callId])).length === 1, {
      timeoutMs: 60_000,
    });
  });

  afterAll(async () => {
    await d?.stop();
  });

  it(
    'kills the worker before the provider call, after it, after recording and before the ack, and every payment reaches the bank exactly once',
    async () => {
      for (const [step, point] of PAYMENT_CRASH_POINTS.entries()) {
        const ids = await approvedPayments(step);
        byStep.set(point, ids);
        // Nothing left the building yet: the API process runs no payment worker.
        expect(await d.bank(`SELECT count(*)::int AS n FROM simulated_bank_entry WHERE payment_id = ANY($1::uuid[])`, [ids])).toEqual([{ n: 0 }]);

        const worker = new WorkerProcess(
          WORKER_PORT,
          {
            ...d.t.platform.services.disbursement.env,
            DISBURSEMENT_ROLE: 'worker',
            PAYMENT_CRASH_AT: point,
            PAYMENT_CRASH_FRACTION: String(FRACTION),
            PAYMENT_CONCURRENCY: '2',
          },
          resolve(d.t.logDir, `payment-worker-${point}.log`),
        );
        let lives = 0;
        const deadline = Date.now() + 240_000;
        for (;;) {
          const [{ paid }] = await d.db(`SELECT count(*)::int AS paid FROM payment WHERE id = ANY($1::uuid[]) AND status = 'PAID'`, [ids]);
          if (paid === PER_STEP) break;
          if (Date.now() > deadline) throw new Error(`step ${point}: only ${paid}/${PER_STEP} paid after ${lives} lives:\n${worker.tail()}`);
          if (!worker.alive) {
            lives++;
            await worker.start();
          }
          await sleep(100);
        }
        await worker.stop();
        worker.close();
        const crashes = worker.deaths.filter((x) => x === 'SIGKILL').length;
        crashesByStep.set(point, crashes);
        // The worker did die at this step, more than once, and only ever by its own SIGKILL.
        expect(crashes).toBeGreaterThanOrEqual(2);
        expect(worker.crashLines().length).toBe(crashes);
        expect(worker.crashLines().every((l) => l.startsWith(`PAYMENT_CRASH_AT=${point}:`))).toBe(true);
      }

      const all = [...byStep.values()].flat();
      expect(all).toHaveLength(PER_STEP * PAYMENT_CRASH_POINTS.length);
      const e2e = all.map(endToEndIdFor);

      // The bank's own records: one entry per payment, booked once, for the payment's exact amount.
      const entries = await d.bank(
        `SELECT payment_id AS "paymentId", end_to_end_id AS e2e, amount_minor::text AS amount, status, bookings, execution FROM simulated_bank_entry
          WHERE end_to_end_id = ANY($1::text[])`,
        [e2e],
      );
      expect(entries).toHaveLength(all.length);
      const amounts = new Map((await d.db(`SELECT id, amount_minor::text AS amount FROM payment WHERE id = ANY($1::uuid[])`, [all])).map((p: any) => [p.id, p.amount]));
      for (const e of entries) {
        expect(e).toMatchObject({ status: 'BOOKED', bookings: 1, execution: 1, amount: amounts.get(e.paymentId) });
      }
      // Every send the bank ever received: exactly one accepted per payment; the repeats were answered DUPLICATE.
      const sends = await d.bank(
        `SELECT end_to_end_id AS e2e, count(*) FILTER (WHERE outcome = 'ACCEPTED')::int AS accepted, count(*) FILTER (WHERE outcome = 'DUPLICATE')::int AS duplicates
           FROM simulated_bank_send WHERE end_to_end_id = ANY($1::text[]) GROUP BY end_to_end_id`,
        [e2e],
      );
      expect(sends).toHaveLength(all.length);
      expect(sends.every((s: any) => s.accepted === 1)).toBe(true);
      // A worker killed after the provider call re-sent those payments: the bank saw them again and booked nothing twice.
      const afterProvider = new Set(byStep.get('after-provider')!.map(endToEndIdFor));
      expect(sends.filter((s: any) => afterProvider.has(s.e2e)).reduce((n: number, s: any) => n + s.duplicates, 0)).toBeGreaterThan(0);

      // Our side: every payment PAID once — one ledger entry, one paid event, one audit entry each.
      const ours = await d.db(
        `SELECT p.id, p.status,
                (SELECT count(*) FROM ledger_entry l WHERE l.payment_id = p.id AND l.kind = 'PAYMENT')::int AS ledger,
                (SELECT count(*) FROM outbox_message o WHERE o.message_key = p.id::text AND o.topic = $2)::int AS paid_events,
                (SELECT count(*) FROM audit_log a WHERE a.entity_id = p.id::text AND a.action = 'PAYMENT_PAID')::int AS audits
           FROM payment p WHERE p.id = ANY($1::uuid[])`,
        [all, Topics.PaymentPaidV1],
      );
      expect(ours).toHaveLength(all.length);
      for (const p of ours) expect(p).toMatchObject({ status: 'PAID', ledger: 1, paid_events: 1, audits: 1 });
      const [{ bookedSum }] = await d.bank(`SELECT sum(amount_minor)::text AS "bookedSum" FROM simulated_bank_entry WHERE end_to_end_id = ANY($1::text[])`, [e2e]);
      const [{ paidSum }] = await d.db(`SELECT sum(amount_minor)::text AS "paidSum" FROM ledger_entry WHERE payment_id = ANY($1::uuid[])`, [all]);
      expect(bookedSum).toBe(paidSum);

      process.stdout.write(
        `\nworker SIGKILLs per step (${PER_STEP} payments each, every ${1 / FRACTION}th payment reaching the step): ` +
          `${[...crashesByStep].map(([p, n]) => `${p} ${n}`).join(', ')}; duplicate sends answered by the bank: ` +
          `${sends.reduce((n: number, s: any) => n + s.duplicates, 0)}\n`,
      );
    },
    20 * 60_000,
  );
});
