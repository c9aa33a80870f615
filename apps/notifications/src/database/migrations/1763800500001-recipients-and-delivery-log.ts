import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who can be written to, and one delivery-log row per (event, kind, recipient). */
export class RecipientsAndDeliveryLog1763800500001 implements MigrationInterface {
  name = 'RecipientsAndDeliveryLog1763800500001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE recipient (
        user_id            uuid PRIMARY KEY,
        email              text NOT NULL,
        display_name       text NOT NULL,
        preferred_language text NOT NULL,
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE delivery DROP CONSTRAINT delivery_event_id_kind_key`);
    await q.query(`ALTER TABLE delivery
      ADD COLUMN recipient_user_id uuid,
      ADD COLUMN vars jsonb NOT NULL DEFAULT '{}'::jsonb,
      ADD COLUMN language text,
      ADD COLUMN email text,
      ADD COLUMN subject text,
      ADD COLUMN attempts integer NOT NULL DEFAULT 0,
      ADD COLUMN last_error text,
      ADD COLUMN sent_at timestamptz`);
    // The same event never produces a second message to the same person.
    await q.query(`CREATE UNIQUE INDEX delivery_once ON delivery (event_id, kind, COALESCE(recipient_user_id, '00000000-0000-0000-0000-000000000000'))`);
    await q.query(`CREATE INDEX delivery_recipient ON delivery (recipient_user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX delivery_once`);
    await q.query(`ALTER TABLE delivery DROP COLUMN recipient_user_id, DROP COLUMN vars, DROP COLUMN language,
      DROP COLUMN email, DROP COLUMN subject, DROP COLUMN attempts, DROP COLUMN last_error, DROP COLUMN sent_at`);
    await q.query(`ALTER TABLE delivery ADD CONSTRAINT delivery_event_id_kind_key UNIQUE (event_id, kind)`);
    await q.query(`DROP TABLE recipient`);
  }
}
