import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Awards declined or revoked in evaluation (kept even before their grant opens), the reason a
 * grant was ended, what finance has to recover, and the tranches blocked by it.
 */
export class AwardRelease1764870000002 implements MigrationInterface {
  name = 'AwardRelease1764870000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE award_release (
        award_id    uuid PRIMARY KEY,
        kind        text NOT NULL CHECK (kind IN ('DECLINED', 'REVOKED')),
        released_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE grant_account ADD COLUMN close_reason text, ADD COLUMN recovery_minor bigint CHECK (recovery_minor > 0)`);
    await q.query(`ALTER TABLE grant_tranche ADD COLUMN blocked_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grant_tranche DROP COLUMN blocked_at`);
    await q.query(`ALTER TABLE grant_account DROP COLUMN close_reason, DROP COLUMN recovery_minor`);
    await q.query(`DROP TABLE award_release`);
  }
}
