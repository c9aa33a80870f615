import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the recipient's language was last chosen (the `changedAt` of identity's language event),
 * so that a registration or language event arriving late never puts back an older language.
 */
export class RecipientLanguageSetAt1763800500003 implements MigrationInterface {
  name = 'RecipientLanguageSetAt1763800500003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE recipient ADD COLUMN language_set_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE recipient DROP COLUMN language_set_at`);
  }
}
