import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every payment belongs to a tranche, and a tranche may be paid in parts: the one-live-request-per-
 * tranche index gives way to the rule that a tranche's live requests never add up to more than
 * its amount (checked under the grant's row lock, `decideTrancheRequest`). NOT VALID: rows written
 * before the rule keep their null tranche; every new row names one.
 */
export class PaymentsPerTranche1764870000000 implements MigrationInterface {
  name = 'PaymentsPerTranche1764870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payment_one_live_per_tranche`);
    await q.query(`CREATE INDEX payment_tranche ON payment (grant_id, tranche_sequence)`);
    await q.query(`ALTER TABLE payment ADD CONSTRAINT payment_names_tranche CHECK (tranche_sequence IS NOT NULL) NOT VALID`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment DROP CONSTRAINT payment_names_tranche`);
    await q.query(`DROP INDEX payment_tranche`);
    await q.query(`CREATE UNIQUE INDEX payment_one_live_per_tranche ON payment (grant_id, tranche_sequence)
      WHERE tranche_sequence IS NOT NULL AND status NOT IN ('REJECTED', 'CANCELLED')`);
  }
}
