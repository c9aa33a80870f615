import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each application belongs to the applicant account that submitted it (object-level access). */
export class ApplicationOwner1763800200001 implements MigrationInterface {
  name = 'ApplicationOwner1763800200001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application ADD COLUMN applicant_user_id uuid`);
    await q.query(`CREATE INDEX application_applicant ON application (applicant_user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application DROP COLUMN applicant_user_id`);
  }
}
