import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGrants1763800400000 implements MigrationInterface {
  name = 'CreateGrants1763800400000';

  async up(q: QueryRunner): Promise<void> {
    // One grant per award, enforced by the database: a replayed award event cannot open a second.
    await q.query(`
      CREATE TABLE grant_account (
        id             uuid PRIMARY KEY,
        award_id       uuid NOT NULL UNIQUE,
        call_id        uuid NOT NULL,
        application_id uuid NOT NULL,
        amount_minor   bigint NOT NULL CHECK (amount_minor > 0),
        currency       char(3) NOT NULL,
        prize_rank     integer,
        status         text NOT NULL,
        opened_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX grant_account_call ON grant_account (call_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grant_account`);
  }
}
