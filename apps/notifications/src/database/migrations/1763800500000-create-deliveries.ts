import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeliveries1763800500000 implements MigrationInterface {
  name = 'CreateDeliveries1763800500000';

  async up(q: QueryRunner): Promise<void> {
    // One delivery per (event, kind): the same event never produces a second message.
    await q.query(`
      CREATE TABLE delivery (
        id           uuid PRIMARY KEY,
        event_id     uuid NOT NULL,
        kind         text NOT NULL,
        aggregate_id text NOT NULL,
        status       text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_id, kind)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE delivery`);
  }
}
