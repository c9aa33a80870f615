import 'reflect-metadata';
import { createEmptyTestDatabase, REDIS_URL, REPO_ROOT, ServiceProcess, sleep, TestDatabase, testNamespace } from '@grants/testing';
import { KafkaBus } from '@grants/messaging';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { resolve } from 'node:path';
import { Client } from 'pg';

/**
 * Payment execution throughput on this machine's real servers:
 *   1. 10,000 APPROVED payments (seeded in SQL, exactly as an approval leaves them: the row, the
 *      creditor snapshot, the PENDING scheduled_job row and its BullMQ wake-up) executed by the
 *      disbursement service running as a separate process in the worker role, through the simulated
 *      bank (its own database), until the bank's last confirmation is recorded: PAID, ledger entry,
 *      `payment.paid` in the outbox, audit entry. Prints payments/s and the time to the last
 *      confirmation, and checks every payment was booked once.
 *   2. The raw BullMQ job rate in the same run: a no-op worker on the same Redis, same concurrency.
 * Everything shares this machine's cores with PostgreSQL, Redis and Kafka.
 */
const N = Number(process.env.BENCH_PAYMENTS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8); // the service's default PAYMENT_CONCURRENCY
const ANSWER_DELAY_MS = Number(process.env.BENCH_BANK_DELAY_MS ?? 100);
const PORT = Number(process.env.BENCH_PORT ?? 4490);
const TARGET_S = 60;

async function sql(db: TestDatabase, text: string, params: unknown[] = []): Promise<any[]> {
  const c = new Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

/** N approved payments, one grant each (a prize), as the approving transaction leaves them. */
async function seed(db: TestDatabase, runAt: Date): Promise<void> {
  const callId = '00000000-0000-4000-8000-00000000b001';
  const c = new Client({ connectionString: db.url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO call_replica (call_id, reference_code, kind, currency, budget_minor, payment_policy, title, version)
       VALUES ($1, 'BENCH-PRIZES', 'ESSAY_CONTEST', 'MKD', 999999999999, '{"tranches":[{"percent":100,"trigger":"ON_AGREEMENT_SIGNED"}]}', 'Bench', 1)`,
      [callId],
    );
    await c.query(
      `CREATE TEMP TABLE seed ON COMMIT DROP AS
       SELECT n, gen_random_uuid() AS grant_id, gen_random_uuid() AS payee_id, gen_random_uuid() AS details_id, gen_random_uuid() AS payment_id,
              (100000 + n)::bigint AS amount
         FROM generate_series(1, $1::int) AS n`,
      [N],
    );
    await c.query(
      `INSERT INTO grant_account (id, award_id, call_id, application_id, amount_minor, currency, prize_rank, status, applicant_user_id, reference,
                                  final_report_required, agreement_status, agreement_signed_on, agreement_signed_by, agreement_signed_at)
       SELECT grant_id, gen_random_uuid(), $1, gen_random_uuid(), amount, 'MKD', 1, 'OPEN', gen_random_uuid(), 'BENCH-' || n, false,
              'SIGNED', current_date, 'bench-officer', now() FROM seed`,
      [callId],
    );
    await c.query(
      `INSERT INTO grant_tranche (grant_id, sequence, percent, basis_points, trigger, occurrence, amount_minor, currency, released_at, released_by)
       SELECT grant_id, 1, 100, 10000, 'ON_AGREEMENT_SIGNED', 1, amount, 'MKD', now(), 'bench-officer' FROM seed`,
    );
    await c.query(`INSERT INTO payee (id, grant_id) SELECT payee_id, grant_id FROM seed`);
    await c.query(
      `INSERT INTO ledger_entry (call_id, grant_id, kind, amount_minor, currency, description, recorded_by)
       SELECT $1, grant_id, 'COMMITMENT', amount, 'MKD', 'bench award', 'bench' FROM seed ORDER BY n`,
      [callId],
    );
    await c.query(
      `INSERT INTO bank_details (id, payee_id, iban, bic, account_holder, country_code, sepa, changed_by, confirmation_required)
       SELECT details_id, payee_id, 'MK07250120000058984', 'STOBMK2X', 'Ученик ' || n, 'MK', false, 'bench-grantee', false FROM seed`,
    );
    await c.query(
      `INSERT INTO payment (id, grant_id, call_id, payee_id, tranche_sequence, amount_minor, currency, status, origin, requested_by,
                            approvals_required, approved_at, decided_by, bank_details_id, creditor_name, creditor_iban, creditor_bic,
                            remittance, channel)
       SELECT payment_id, grant_id, $1, payee_id, 1, amount, 'MKD', 'APPROVED', 'TRANCHE_TRIGGER', 'bench-officer', 1, now(), 'bench-approver',
              details_id, 'Ученик ' || n, 'MK07250120000058984', 'STOBMK2X', 'BENCH-PRIZES · BENCH-' || n || ' · tranche 1/1', 'SIMULATED_BANK'
         FROM seed`,
      [callId],
    );
    await c.query(
      `INSERT INTO payment_approval (payment_id, approver_id, bank_details_id) SELECT payment_id, 'bench-approver', details_id FROM seed`,
    );
    await c.query(
      `INSERT INTO scheduled_job (id, queue, name, run_at, payload)
       SELECT 'payment-' || payment_id || '-r1', 'payments', 'execute-payment', $1, jsonb_build_object('paymentId', payment_id, 'run', 1) FROM seed`,
      [runAt.toISOString()],
    );
    await c.query('COMMIT');
  } finally {
    await c.end();
  }
}

async function rawBullMqRate(prefix: string): Promise<{ jobsPerSecond: number; seconds: number }> {
  const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const name = 'bench-noop';
  const queue = new Queue(name, { connection, prefix });
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((r) => (finished = r));
  const worker = new Worker(
    name,
    async () => {
      if (++done === N) finished();
    },
    { connection: new IORedis(REDIS_URL, { maxRetriesPerRequest: null }), prefix, concurrency: CONCURRENCY },
  );
  await worker.waitUntilReady();
  const t0 = performance.now();
  for (let i = 0; i < N; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, N - i) }, (_, k) => ({
        name: 'noop',
        data: { id: `noop-${i + k}`, runAt: new Date().toISOString() },
        opts: { jobId: `noop-${i + k}`, attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 1000 },
      })),
    );
  }
  await allDone;
  const seconds = (performance.now() - t0) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  return { jobsPerSecond: N / seconds, seconds };
}

async function main(): Promise<void> {
  const ns = testNamespace('benchpay');
  const db = await createEmptyTestDatabase('bench_disbursement');
  const bankDb = await createEmptyTestDatabase('bench_bank');
  const logFile = resolve(REPO_ROOT, '.cache/bench-logs', ns, 'disbursement-worker.log');
  const worker = new ServiceProcess(
    'disbursement',
    PORT,
    {
      DATABASE_URL: db.url,
      SIMULATED_BANK_DATABASE_URL: bankDb.url,
      KAFKA_NAMESPACE: ns,
      DISBURSEMENT_ROLE: 'worker',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      PAYMENT_CONCURRENCY: String(CONCURRENCY),
      // A job holds its job row's transaction and records in a second one: two connections each.
      DATABASE_POOL_SIZE: String(2 * CONCURRENCY + 8),
      SIMULATED_BANK_ANSWER_DELAY_MS: String(ANSWER_DELAY_MS),
      SIMULATED_BANK_TICK_MS: '50',
      // The reconciler re-adds wake-ups Redis lost (other test suites on this machine FLUSHALL it).
      JOB_RECONCILE_INTERVAL_MS: '15000',
      AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks.json',
      // A build outside the repository (GRANTS_DIST) finds the packages through NODE_PATH.
      ...(process.env.NODE_PATH ? { NODE_PATH: process.env.NODE_PATH } : {}),
    },
    logFile,
  );
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  try {
    await worker.start();
    const runAt = new Date();
    process.stdout.write(`seeding ${N} approved payments…\n`);
    await seed(db, runAt);

    // The wake-ups, as JobScheduler adds them after the approving transaction commits (same job id, options).
    const queue = new Queue('payments', { connection: redis, prefix: `${ns}bull` });
    const t0 = performance.now();
    const started = new Date();
    const ids = (await sql(db, `SELECT id FROM scheduled_job WHERE queue = 'payments' ORDER BY id`)).map((r) => r.id as string);
    for (let i = 0; i < ids.length; i += 1000) {
      await queue.addBulk(
        ids.slice(i, i + 1000).map((id) => ({
          name: 'execute-payment',
          data: { id, runAt: runAt.toISOString() },
          opts: { jobId: `${id}-${runAt.getTime()}`, attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 1000 },
        })),
      );
    }
    await queue.close();

    let paid = 0;
    let lastReport = 0;
    for (;;) {
      [{ paid }] = await sql(db, `SELECT count(*)::int AS paid FROM payment WHERE status = 'PAID'`);
      const elapsed = (performance.now() - t0) / 1000;
      if (paid === N) break;
      if (elapsed - lastReport >= 5) {
        lastReport = elapsed;
        const [s] = await sql(db, `SELECT count(*) FILTER (WHERE status = 'SENT')::int AS sent, count(*) FILTER (WHERE status = 'APPROVED')::int AS approved FROM payment`);
        process.stdout.write(`  ${elapsed.toFixed(0)} s: ${paid} paid, ${s.sent} sent, ${s.approved} approved\n`);
      }
      if (elapsed > 600) throw new Error(`only ${paid}/${N} paid after 10 minutes`);
      await sleep(100);
    }
    const [times] = await sql(
      db,
      `SELECT EXTRACT(EPOCH FROM max(paid_at) - $1::timestamptz)::float8 AS "lastPaid", EXTRACT(EPOCH FROM max(sent_at) - $1::timestamptz)::float8 AS "lastSent",
              count(*) FILTER (WHERE status = 'PAID')::int AS paid FROM payment`,
      [started.toISOString()],
    );
    const [bank] = await sql(
      bankDb,
      `SELECT count(*)::int AS entries, count(*) FILTER (WHERE bookings = 1 AND status = 'BOOKED')::int AS "bookedOnce",
              (SELECT count(*) FROM simulated_bank_send WHERE outcome = 'ACCEPTED')::int AS accepted,
              (SELECT count(*) FROM simulated_bank_send WHERE outcome = 'DUPLICATE')::int AS duplicates FROM simulated_bank_entry`,
    );
    const [ours] = await sql(
      db,
      `SELECT (SELECT count(*) FROM ledger_entry WHERE kind = 'PAYMENT')::int AS ledger,
              (SELECT count(*) FROM outbox_message WHERE topic = 'disbursement.payment.paid.v1')::int AS events,
              (SELECT count(*) FROM grant_account WHERE status = 'CLOSED')::int AS closed`,
    );
    const seconds = times.lastPaid as number;
    const raw = await rawBullMqRate(`${ns}bull`);

    const ok = bank.entries === N && bank.bookedOnce === N && bank.accepted === N && ours.ledger === N && ours.events === N;
    process.stdout.write(
      [
        '',
        `payments executed through the simulated bank: ${N} (worker concurrency ${CONCURRENCY}, bank answers after ${ANSWER_DELAY_MS} ms)`,
        `  time to the last confirmation:   ${seconds.toFixed(2)} s  (last sent at ${(times.lastSent as number).toFixed(2)} s)   target: ${N} within ${TARGET_S} s ${seconds <= TARGET_S ? 'MET' : 'MISSED'}`,
        `  payments/s (to last confirmation): ${(N / seconds).toFixed(0)}`,
        `  bank: ${bank.entries} entries, ${bank.bookedOnce} booked once, ${bank.accepted} sends accepted, ${bank.duplicates} duplicates`,
        `  ours: ${ours.ledger} PAYMENT ledger entries, ${ours.events} payment.paid events, ${ours.closed} grants closed`,
        `  every payment paid exactly once: ${ok ? 'yes' : 'NO'}`,
        `raw BullMQ no-op jobs on the same Redis (concurrency ${CONCURRENCY}): ${raw.jobsPerSecond.toFixed(0)} jobs/s (${N} in ${raw.seconds.toFixed(2)} s)`,
        '',
      ].join('\n'),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await worker.stop();
    const keys = await redis.keys(`${ns}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    const bus = new KafkaBus({ clientId: 'bench-payments-cleanup', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), namespace: ns });
    const topics = await bus.listTopics().catch(() => []);
    if (topics.length) await bus.deleteTopics(topics).catch(() => undefined);
    await bus.close();
    await db.drop();
    await bankDb.drop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
