import { MigrationInterface, QueryRunner } from 'typeorm';

/** PostgreSQL is the source of truth for everything scheduled; BullMQ only wakes us up. */
export class CreateScheduledJobs1763800000001 implements MigrationInterface {
  name = 'CreateScheduledJobs1763800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scheduled_job (
        id          text PRIMARY KEY,
        queue       text NOT NULL,
        name        text NOT NULL,
        run_at      timestamptz NOT NULL,
        payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
        status      text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DONE', 'FAILED', 'CANCELLED')),
        attempts    integer NOT NULL DEFAULT 0,
        last_error  text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        done_at     timestamptz
      )`);
    await q.query(`CREATE INDEX scheduled_job_pending ON scheduled_job (run_at) WHERE status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduled_job`);
  }
}
