import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEvaluation1763800300000 implements MigrationInterface {
  name = 'CreateEvaluation1763800300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call_replica (
        call_id        uuid PRIMARY KEY,
        reference_code text NOT NULL,
        kind           text NOT NULL,
        currency       char(3) NOT NULL,
        budget_minor   bigint NOT NULL,
        blind_review   boolean NOT NULL,
        snapshot       jsonb NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    // An entry may arrive before its call's replica (different topics, no order between them).
    await q.query(`
      CREATE TABLE entry (
        application_id uuid PRIMARY KEY,
        call_id        uuid NOT NULL,
        reference      text NOT NULL,
        language       text NOT NULL,
        review_content jsonb NOT NULL,
        content_sha256 char(64) NOT NULL,
        submitted_at   timestamptz NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX entry_call ON entry (call_id)`);
    await q.query(`
      CREATE TABLE award (
        id             uuid PRIMARY KEY,
        call_id        uuid NOT NULL,
        application_id uuid NOT NULL UNIQUE REFERENCES entry (application_id),
        amount_minor   bigint NOT NULL CHECK (amount_minor > 0),
        currency       char(3) NOT NULL,
        rank           integer,
        granted_by     text,
        granted_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE award`);
    await q.query(`DROP TABLE entry`);
    await q.query(`DROP TABLE call_replica`);
  }
}
