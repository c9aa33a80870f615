import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentity1763800600000 implements MigrationInterface {
  name = 'CreateIdentity1763800600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_account (
        id                  uuid PRIMARY KEY,
        email               text NOT NULL UNIQUE CHECK (email = lower(email)),
        password_hash       text NOT NULL,
        roles               text[] NOT NULL,
        display_name        text NOT NULL,
        organisation_id     uuid,
        preferred_language  text NOT NULL,
        applicant_type      text,
        status              text NOT NULL DEFAULT 'ACTIVE',
        failed_logins       integer NOT NULL DEFAULT 0,
        locked_until        timestamptz,
        created_at          timestamptz NOT NULL DEFAULT now(),
        password_changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Refresh tokens are stored as hashes. A family is one login's chain of rotations: reusing a
    // rotated token revokes the whole family (it was stolen, or replayed).
    await q.query(`
      CREATE TABLE refresh_token (
        id          uuid PRIMARY KEY,
        user_id     uuid NOT NULL REFERENCES user_account (id),
        family_id   uuid NOT NULL,
        token_hash  char(64) NOT NULL UNIQUE,
        expires_at  timestamptz NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        used_at     timestamptz,
        revoked_at  timestamptz
      )`);
    await q.query(`CREATE INDEX refresh_token_family ON refresh_token (family_id)`);
    await q.query(`CREATE INDEX refresh_token_user ON refresh_token (user_id)`);
    await q.query(`
      CREATE TABLE password_reset (
        id          uuid PRIMARY KEY,
        user_id     uuid NOT NULL REFERENCES user_account (id),
        token_hash  char(64) NOT NULL UNIQUE,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // Shared by every gateway replica; the newest active key signs, all unretired keys verify.
    await q.query(`
      CREATE TABLE signing_key (
        kid          text PRIMARY KEY,
        private_pem  text NOT NULL,
        public_jwk   jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        retired_at   timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE signing_key`);
    await q.query(`DROP TABLE password_reset`);
    await q.query(`DROP TABLE refresh_token`);
    await q.query(`DROP TABLE user_account`);
  }
}
