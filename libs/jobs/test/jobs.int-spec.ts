import { CreateScheduledJobs1763800000001, JobHandler, JobScheduler, ScheduledJob } from '@grants/jobs';
import { createTestDatabase, openDataSource, REDIS_URL, sleep, TestDatabase, testNamespace, waitFor } from '@grants/testing';
import IORedis from 'ioredis';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

class CreateFiredTable1763800009998 implements MigrationInterface {
  name = 'CreateFiredTable1763800009998';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE fired (id serial PRIMARY KEY, job_id text NOT NULL, fired_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE fired`);
  }
}

class RecordFiring implements JobHandler {
  readonly queue = 'deadlines';
  readonly name = 'record';
  failUntil = new Map<string, number>();
  async run(job: ScheduledJob, m: EntityManager): Promise<void> {
    const left = this.failUntil.get(job.id) ?? 0;
    if (left > 0) {
      this.failUntil.set(job.id, left - 1);
      throw new Error(`transient failure of ${job.id}`);
    }
    if (job.payload.alwaysFail) throw new Error('the provider is gone');
    await m.query(`INSERT INTO fired (job_id) VALUES ($1)`, [job.id]);
  }
}

describe('jobs: PostgreSQL holds the schedule, BullMQ only wakes (real Redis)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let scheduler: JobScheduler;
  let redis: IORedis;
  const handler = new RecordFiring();

  const firings = async (id: string): Promise<Date[]> =>
    (await ds.query(`SELECT fired_at FROM fired WHERE job_id = $1`, [id])).map((r: { fired_at: Date }) => r.fired_at);
  const status = async (id: string) => (await ds.query(`SELECT status, attempts, last_error FROM scheduled_job WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    db = await createTestDatabase({ service: 'jobs', migrations: [CreateScheduledJobs1763800000001, CreateFiredTable1763800009998] });
    ds = await openDataSource(db, 'jobs');
    redis = new IORedis(REDIS_URL);
    scheduler = new JobScheduler(ds, {
      redisUrl: REDIS_URL,
      prefix: testNamespace('jobs'),
      queues: [{ name: 'deadlines', concurrency: 4, attempts: 3, backoffMs: 50 }],
      handlers: [handler],
      reconcileIntervalMs: 500,
    });
    await scheduler.start();
  });

  afterAll(async () => {
    await scheduler?.stop();
    await redis?.quit();
    await ds?.destroy();
    await db?.drop();
  });

  it('fires a job at its instant, once', async () => {
    const runAt = new Date(Date.now() + 1000);
    await scheduler.schedule({ id: 'on-time', queue: 'deadlines', name: 'record', runAt });
    await waitFor('the job to fire', async () => (await firings('on-time')).length > 0);
    const [fired] = await firings('on-time');
    expect(fired.getTime()).toBeGreaterThanOrEqual(runAt.getTime());
    expect(fired.getTime() - runAt.getTime()).toBeLessThan(1000);
    expect((await status('on-time')).status).toBe('DONE');
  });

  it('wakes a job scheduled inside a transaction once it commits, and never one rolled back', async () => {
    // Two hours ahead: beyond the reconciler's one-hour horizon, so only the commit can add it.
    const later = new Date(Date.now() + 2 * 3600_000);
    await ds.transaction((m) => scheduler.scheduleInTx(m, { id: 'in-tx', queue: 'deadlines', name: 'record', runAt: later }));
    await ds
      .transaction(async (m) => {
        await scheduler.scheduleInTx(m, { id: 'rolled-back', queue: 'deadlines', name: 'record', runAt: later });
        throw new Error('the use case failed');
      })
      .catch(() => undefined);
    await waitFor('the committed wake-up in Redis', async () => (await redis.keys('*in-tx*')).length > 0, { timeoutMs: 2000 });
    await sleep(600); // past a reconciler pass
    expect(await redis.keys('*rolled-back*')).toEqual([]);
    expect(await ds.query(`SELECT 1 FROM scheduled_job WHERE id = 'rolled-back'`)).toEqual([]);
  });

  it('(e) a scheduled job lost by FLUSHALL is re-added by the reconciler and fires once', async () => {
    const runAt = new Date(Date.now() + 2500);
    await scheduler.schedule({ id: 'lost-in-redis', queue: 'deadlines', name: 'record', runAt });
    await waitFor('the wake-up to be in Redis', async () => (await redis.keys('*lost-in-redis*')).length > 0);
    await redis.flushall();
    expect(await redis.keys('*lost-in-redis*')).toEqual([]);
    await waitFor('the reconciler to re-add it', async () => (await redis.keys('*lost-in-redis*')).length > 0, { timeoutMs: 5000 });
    await waitFor('the job to fire', async () => (await firings('lost-in-redis')).length > 0, { timeoutMs: 10000 });
    await scheduler.reconcile(); // another pass after it ran adds nothing that could fire again
    await sleep(1500);
    const fired = await firings('lost-in-redis');
    expect(fired).toHaveLength(1);
    expect(fired[0].getTime()).toBeGreaterThanOrEqual(runAt.getTime());
    expect((await status('lost-in-redis')).status).toBe('DONE');
  });

  it('catches up at once on a job whose instant passed while nobody was awake', async () => {
    // Written straight into PostgreSQL, as if the service had been down over the instant.
    await ds.query(
      `INSERT INTO scheduled_job (id, queue, name, run_at) VALUES ('missed', 'deadlines', 'record', now() - interval '1 minute')`,
    );
    await scheduler.reconcile();
    await waitFor('the missed job to fire', async () => (await firings('missed')).length === 1, { timeoutMs: 5000 });
  });

  it('fires a moved job only at its new instant, and never a cancelled one', async () => {
    const first = new Date(Date.now() + 800);
    await scheduler.schedule({ id: 'moved', queue: 'deadlines', name: 'record', runAt: first });
    const later = new Date(Date.now() + 2500);
    await scheduler.schedule({ id: 'moved', queue: 'deadlines', name: 'record', runAt: later });
    await scheduler.schedule({ id: 'cancelled', queue: 'deadlines', name: 'record', runAt: new Date(Date.now() + 800) });
    await ds.transaction((m) => scheduler.cancelInTx(m, 'cancelled'));
    await sleep(1500);
    expect(await firings('moved')).toHaveLength(0);
    await waitFor('the moved job to fire', async () => (await firings('moved')).length === 1, { timeoutMs: 5000 });
    expect((await firings('moved'))[0].getTime()).toBeGreaterThanOrEqual(later.getTime());
    expect(await firings('cancelled')).toHaveLength(0);
    expect((await status('cancelled')).status).toBe('CANCELLED');
  });

  it('retries a failing job with backoff, and records one that fails for good', async () => {
    handler.failUntil.set('flaky', 2);
    await scheduler.schedule({ id: 'flaky', queue: 'deadlines', name: 'record', runAt: new Date() });
    await scheduler.schedule({ id: 'doomed', queue: 'deadlines', name: 'record', runAt: new Date(), payload: { alwaysFail: true } });
    await waitFor('the flaky job to succeed', async () => (await firings('flaky')).length === 1);
    const doomed = await waitFor('the doomed job to be FAILED', async () => {
      const s = await status('doomed');
      return s.status === 'FAILED' && s;
    });
    expect(doomed.last_error).toBe('the provider is gone');
    expect(await firings('doomed')).toHaveLength(0);
  });
});
