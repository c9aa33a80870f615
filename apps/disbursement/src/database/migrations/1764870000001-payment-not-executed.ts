import { MigrationInterface, QueryRunner } from 'typeorm';

/** Finance users' declarations that a payment with an unknown outcome was not executed (two people). */
export class PaymentNotExecuted1764870000001 implements MigrationInterface {
  name = 'PaymentNotExecuted1764870000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payment_not_executed (
        id          bigserial PRIMARY KEY,
        payment_id  uuid NOT NULL REFERENCES payment(id),
        execution   integer NOT NULL,
        declared_by text NOT NULL,
        reason      text NOT NULL,
        declared_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (payment_id, execution, declared_by)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payment_not_executed`);
  }
}
