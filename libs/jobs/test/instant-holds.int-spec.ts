import { CreateScheduledJobs1763800000001, JobHandler, JobScheduler, ScheduledJob } from '@grants/jobs';
import { createTestDatabase, openDataSource, sleep, TestDatabase, testNamespace, waitFor } from '@grants/testing';
import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { PrivateRedis } from '../../messaging/test/support/private-servers';

class CreateFiredTable1763800009997 implements MigrationInterface {
  name = 'CreateFiredTable1763800009997';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE fired (id serial PRIMARY KEY, job_id text NOT NULL, fired_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE fired`);
  }
}

class RecordFiring implements JobHandler {
  readonly queue = 'deadlines';
  readonly name = 'close';
  async run(job: ScheduledJob, m: EntityManager): Promise<void> {
    await m.query(`INSERT INTO fired (job_id) VALUES ($1)`, [job.id]);
  }
}

/**
 * Issue 22: a scheduled instant holds when Redis loses its queues at the worst moment. A Redis of
 * the test's own (never the shared ones) is flushed one second before the instants; the jobs must
 * still run within a second of their instant, once each. The reconciler ticks only every 30 s
 * here (its default), so it cannot be what saves them.
 */
describe('scheduled instants hold when Redis loses its queues just before them', () => {
  const redisServer = new PrivateRedis(16391);
  let db: TestDatabase;
  let ds: DataSource;
  let scheduler: JobScheduler;
  let redis: IORedis;

  const firings = async (id: string): Promise<Date[]> =>
    (await ds.query(`SELECT fired_at FROM fired WHERE job_id = $1`, [id])).map((r: { fired_at: Date }) => r.fired_at);

  beforeAll(async () => {
    await redisServer.start();
    db = await createTestDatabase({ service: 'jobsflush', migrations: [CreateScheduledJobs1763800000001, CreateFiredTable1763800009997] });
    ds = await openDataSource(db, 'jobsflush');
    redis = new IORedis(redisServer.url);
    scheduler = new JobScheduler(ds, {
      redisUrl: redisServer.url,
      prefix: testNamespace('jobsflush'),
      queues: [{ name: 'deadlines', concurrency: 4, attempts: 3, backoffMs: 50 }],
      handlers: [new RecordFiring()],
      reconcileIntervalMs: 30_000,
    });
    await scheduler.start();
  });

  afterAll(async () => {
    await scheduler?.stop();
    await redis?.quit();
    await redisServer.stop();
    await ds?.destroy();
    await db?.drop();
  });

  it('FLUSHALL one second before the instant: each job still runs within a second of it, once', async () => {
    const base = Date.now() + 4000;
    const jobs = Array.from({ length: 5 }, (_, i) => ({ id: `call-close-${randomUUID()}`, runAt: new Date(base + i * 100) }));
    for (const j of jobs) await scheduler.schedule({ id: j.id, queue: 'deadlines', name: 'close', runAt: j.runAt });
    expect(await redis.dbsize()).toBeGreaterThan(0);

    await sleep(base - 1000 - Date.now());
    await redis.flushall();
    expect(await redis.dbsize()).toBe(0);

    for (const j of jobs) {
      await waitFor(`${j.id} to run`, async () => (await firings(j.id)).length > 0, { timeoutMs: 15_000, intervalMs: 20 });
    }
    await sleep(1500); // a second run would have had time to happen
    const lateness: number[] = [];
    for (const j of jobs) {
      const f = await firings(j.id);
      expect(f).toHaveLength(1);
      lateness.push(f[0].getTime() - j.runAt.getTime());
      const [row] = await ds.query(`SELECT status FROM scheduled_job WHERE id = $1`, [j.id]);
      expect(row.status).toBe('DONE');
    }
    process.stdout.write(`instants after FLUSHALL 1 s before: ran ${lateness.join(', ')} ms after their instants\n`);
    for (const late of lateness) {
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(1000);
    }
  });

  it('a Redis restart just before the instant: the job runs on time, once, and later wake-ups are back in Redis', async () => {
    const soon = { id: `call-open-${randomUUID()}`, runAt: new Date(Date.now() + 3000) };
    const later = { id: `call-close-${randomUUID()}`, runAt: new Date(Date.now() + 10 * 60_000) };
    for (const j of [soon, later]) await scheduler.schedule({ ...j, queue: 'deadlines', name: 'close' });

    await sleep(soon.runAt.getTime() - 1500 - Date.now());
    await redisServer.stop(); // no persistence: every key is gone
    await sleep(300);
    await redisServer.start();

    await waitFor(`${soon.id} to run`, async () => (await firings(soon.id)).length > 0, { timeoutMs: 15_000, intervalMs: 20 });
    const [ran] = await firings(soon.id);
    process.stdout.write(`instant after a Redis restart 1.5 s before: ran ${ran.getTime() - soon.runAt.getTime()} ms after it\n`);
    expect(ran.getTime() - soon.runAt.getTime()).toBeLessThan(1000);
    // The reconnect put the later wake-up back at once (not at the reconciler's next tick, 30 s away).
    await waitFor('the later wake-up back in Redis', async () => (await redis.keys('*')).some((k) => k.includes(later.id)), {
      timeoutMs: 5000,
    });
    await sleep(1000);
    expect(await firings(soon.id)).toHaveLength(1);
    expect(await firings(later.id)).toHaveLength(0);
  });
});
