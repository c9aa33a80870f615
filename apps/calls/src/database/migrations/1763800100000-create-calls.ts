import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCalls1763800100000 implements MigrationInterface {
  name = 'CreateCalls1763800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call (
        id               uuid PRIMARY KEY,
        reference_code   text NOT NULL UNIQUE,
        kind             text NOT NULL,
        status           text NOT NULL,
        currency         char(3) NOT NULL,
        budget_minor     bigint NOT NULL CHECK (budget_minor >= 0),
        opens_at         timestamptz NOT NULL,
        closes_at        timestamptz NOT NULL,
        time_zone        text NOT NULL,
        blind_review     boolean NOT NULL,
        default_language text NOT NULL,
        texts            jsonb NOT NULL,
        version          integer NOT NULL DEFAULT 1,
        created_by       text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        published_at     timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE call`);
  }
}
