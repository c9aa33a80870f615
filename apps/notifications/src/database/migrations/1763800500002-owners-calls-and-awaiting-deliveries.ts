import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What notifications must know to write about an application, a grant or a call, and deliveries
 * that wait for a missing fact instead of failing:
 * - `application_owner`: whose application it is (from `applications.receipt.issued.v1`);
 * - `grant_application`: which application a grant is for (from `disbursement.grant.opened.v1`);
 * - `call_info`: the call's reference code and titles per language (from calls' snapshots);
 * - `delivery.application_id` / `grant_id`: what a delivery is about, so that one waiting for its
 *   recipient (status AWAITING_RECIPIENT) is released when the owner, the grant or the person arrives.
 */
export class OwnersCallsAndAwaitingDeliveries1763800500002 implements MigrationInterface {
  name = 'OwnersCallsAndAwaitingDeliveries1763800500002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE application_owner (
        application_id     uuid PRIMARY KEY,
        applicant_user_id  uuid NOT NULL,
        call_id            uuid,
        reference          text NOT NULL,
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX application_owner_user ON application_owner (applicant_user_id)`);
    await q.query(`
      CREATE TABLE grant_application (
        grant_id       uuid PRIMARY KEY,
        application_id uuid NOT NULL,
        call_id        uuid NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE call_info (
        call_id          uuid PRIMARY KEY,
        reference_code   text NOT NULL,
        default_language text NOT NULL,
        texts            jsonb NOT NULL,
        version          integer NOT NULL,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE delivery ADD COLUMN application_id uuid, ADD COLUMN grant_id uuid`);
    await q.query(`CREATE INDEX delivery_awaiting_application ON delivery (application_id) WHERE status = 'AWAITING_RECIPIENT'`);
    await q.query(`CREATE INDEX delivery_awaiting_grant ON delivery (grant_id) WHERE status = 'AWAITING_RECIPIENT'`);
    await q.query(`CREATE INDEX delivery_awaiting_recipient ON delivery (recipient_user_id) WHERE status = 'AWAITING_RECIPIENT'`);

    // Receipts logged before this table existed still tell whose application it is.
    await q.query(`UPDATE delivery SET application_id = aggregate_id::uuid WHERE kind = 'RECEIPT'`);
    await q.query(`
      INSERT INTO application_owner (application_id, applicant_user_id, reference)
      SELECT DISTINCT ON (application_id) application_id, recipient_user_id, vars->>'reference'
        FROM delivery
       WHERE kind = 'RECEIPT' AND recipient_user_id IS NOT NULL AND vars ? 'reference'
       ORDER BY application_id, created_at
      ON CONFLICT DO NOTHING`);
    // Deliveries whose person was never known wait for them now (their retries may have run out).
    await q.query(`
      UPDATE delivery d SET status = 'AWAITING_RECIPIENT'
       WHERE d.status = 'PENDING' AND d.recipient_user_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM recipient r WHERE r.user_id = d.recipient_user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE delivery SET status = 'PENDING' WHERE status = 'AWAITING_RECIPIENT'`);
    await q.query(`DROP INDEX delivery_awaiting_recipient`);
    await q.query(`DROP INDEX delivery_awaiting_grant`);
    await q.query(`DROP INDEX delivery_awaiting_application`);
    await q.query(`ALTER TABLE delivery DROP COLUMN application_id, DROP COLUMN grant_id`);
    await q.query(`DROP TABLE call_info`);
    await q.query(`DROP TABLE grant_application`);
    await q.query(`DROP TABLE application_owner`);
  }
}
