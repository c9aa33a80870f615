import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApplications1763800200000 implements MigrationInterface {
  name = 'CreateApplications1763800200000';

  async up(q: QueryRunner): Promise<void> {
    // The local copy of each published call: submissions are checked against it and the server
    // clock, never by asking the calls service.
    await q.query(`
      CREATE TABLE call_replica (
        call_id          uuid PRIMARY KEY,
        reference_code   text NOT NULL,
        kind             text NOT NULL,
        currency         char(3) NOT NULL,
        opens_at         timestamptz NOT NULL,
        closes_at        timestamptz NOT NULL,
        time_zone        text NOT NULL,
        blind_review     boolean NOT NULL,
        snapshot         jsonb NOT NULL,
        next_sequence    integer NOT NULL DEFAULT 0,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE application (
        id               uuid PRIMARY KEY,
        call_id          uuid NOT NULL REFERENCES call_replica (call_id),
        reference        text NOT NULL,
        status           text NOT NULL,
        language         text NOT NULL,
        review_content   jsonb NOT NULL,
        content_sha256   char(64) NOT NULL,
        submitted_at     timestamptz NOT NULL,
        UNIQUE (call_id, reference)
      )`);
    // Personal data lives apart from what reviewers see, and never leaves this service.
    await q.query(`
      CREATE TABLE applicant_identity (
        application_id   uuid PRIMARY KEY REFERENCES application (id),
        full_name        text NOT NULL,
        email            text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applicant_identity`);
    await q.query(`DROP TABLE application`);
    await q.query(`DROP TABLE call_replica`);
  }
}
