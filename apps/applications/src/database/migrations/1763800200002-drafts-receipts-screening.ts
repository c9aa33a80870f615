import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drafts, receipts, attachments, idempotency keys, screening, clarifications, appeals and the
 * applicant's timeline. An application is one row from its first draft to its last decision: the
 * working copy (`draft_content`) is what the applicant edits; each submission freezes the content
 * into a receipt and into `review_content`.
 */
export class DraftsReceiptsScreening1763800200002 implements MigrationInterface {
  name = 'DraftsReceiptsScreening1763800200002';

  async up(q: QueryRunner): Promise<void> {
    // The replica follows amendments by version; the hot path reads the compact rules, not the
    // whole snapshot (call texts can be hundreds of kilobytes).
    await q.query(`
      ALTER TABLE call_replica
        ADD COLUMN version            integer NOT NULL DEFAULT 1,
        ADD COLUMN rules              jsonb`);
    await q.query(`
      UPDATE call_replica SET rules = jsonb_strip_nulls(jsonb_build_object(
        'kind', kind, 'defaultLanguage', snapshot->'defaultLanguage', 'submissionLanguages', snapshot->'submissionLanguages',
        'eligibility', snapshot->'eligibility', 'form', snapshot->'form', 'awardRules', snapshot->'awardRules',
        'appealWindowDays', snapshot->'appealWindowDays'))`);
    await q.query(`ALTER TABLE call_replica ALTER COLUMN rules SET NOT NULL`);
    // Opened/closed/cancelled may arrive before the publication (they travel on other topics):
    // they are kept apart, without a foreign key, and read together with the replica.
    await q.query(`
      CREATE TABLE call_lifecycle (
        call_id          uuid PRIMARY KEY,
        opened_at        timestamptz,
        closed_at        timestamptz,
        closed_version   integer,
        cancelled_at     timestamptz,
        cancel_reason    text,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    // References come from one sequence per call: no row lock serialises the deadline rush.
    // A rolled-back submission may leave a gap; references stay unique within the call.
    await q.query(`
      DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT call_id, next_sequence FROM call_replica LOOP
          EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I START %s', 'application_ref_' || replace(r.call_id::text, '-', ''), r.next_sequence + 1);
        END LOOP;
      END $$`);

    await q.query(`
      ALTER TABLE application
        ALTER COLUMN reference DROP NOT NULL,
        ALTER COLUMN review_content DROP NOT NULL,
        ALTER COLUMN content_sha256 DROP NOT NULL,
        ALTER COLUMN submitted_at DROP NOT NULL,
        ADD COLUMN draft_content       jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN version             integer NOT NULL DEFAULT 1,
        ADD COLUMN revision            integer NOT NULL DEFAULT 0,
        ADD COLUMN holds_slot          boolean NOT NULL DEFAULT false,
        ADD COLUMN first_submitted_at  timestamptz,
        ADD COLUMN withdrawn_at        timestamptz,
        ADD COLUMN withdrawal_reason   text,
        ADD COLUMN self_identification jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN screening           text,
        ADD COLUMN auto_check          jsonb,
        ADD COLUMN decision_reason     text,
        ADD COLUMN decided_at          timestamptz,
        ADD COLUMN decided_by          uuid,
        ADD COLUMN outcome             text,
        ADD COLUMN results_published_at timestamptz,
        ADD COLUMN created_at          timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN updated_at          timestamptz NOT NULL DEFAULT now()`);
    await q.query(`UPDATE application SET revision = 1, first_submitted_at = submitted_at, created_at = submitted_at, updated_at = submitted_at
                    WHERE status = 'SUBMITTED'`);
    await q.query(`ALTER TABLE application ADD CONSTRAINT application_status_check
                    CHECK (status IN ('DRAFT', 'SUBMITTED', 'WITHDRAWN'))`);
    await q.query(`ALTER TABLE application ADD CONSTRAINT application_screening_check
                    CHECK (screening IS NULL OR screening IN ('PENDING', 'ELIGIBLE', 'INELIGIBLE', 'CLARIFICATION_REQUESTED', 'CLARIFICATION_EXPIRED'))`);
    await q.query(`ALTER TABLE application ADD CONSTRAINT application_outcome_check
                    CHECK (outcome IS NULL OR outcome IN ('UNDER_REVIEW', 'AWARDED', 'RESERVE', 'NOT_SELECTED'))`);
    // "One application per applicant": only a submitted, not withdrawn application holds the slot.
    await q.query(`CREATE UNIQUE INDEX application_one_per_applicant ON application (call_id, applicant_user_id) WHERE holds_slot`);
    await q.query(`CREATE INDEX application_call_status ON application (call_id, status)`);

    await q.query(`
      ALTER TABLE applicant_identity
        ALTER COLUMN full_name DROP NOT NULL,
        ALTER COLUMN email DROP NOT NULL,
        ADD COLUMN phone                 text,
        ADD COLUMN school                text,
        ADD COLUMN organisation          text,
        ADD COLUMN date_of_birth         date,
        ADD COLUMN applicant_type        text,
        ADD COLUMN guardian_name         text,
        ADD COLUMN guardian_relation     text,
        ADD COLUMN guardian_consented_at timestamptz,
        ADD COLUMN updated_at            timestamptz NOT NULL DEFAULT now()`);

    // Each submission's receipt: the canonical document it hashed, so it can be verified later.
    await q.query(`
      CREATE TABLE receipt (
        id               uuid PRIMARY KEY,
        application_id   uuid NOT NULL REFERENCES application (id),
        revision         integer NOT NULL,
        reference        text NOT NULL,
        submitted_at     timestamptz NOT NULL,
        content_sha256   char(64) NOT NULL,
        document         jsonb NOT NULL,
        UNIQUE (application_id, revision)
      )`);
    await q.query(`
      INSERT INTO receipt (id, application_id, revision, reference, submitted_at, content_sha256, document)
      SELECT gen_random_uuid(), id, 1, reference, submitted_at, content_sha256,
             jsonb_build_object('language', language, 'reviewContent', review_content)
        FROM application WHERE status = 'SUBMITTED'`);

    // Files are kept in PostgreSQL (bytea): they commit with the application and are never
    // physically deleted while a receipt names them (delete only detaches them from the draft).
    await q.query(`
      CREATE TABLE attachment (
        id               uuid PRIMARY KEY,
        application_id   uuid NOT NULL REFERENCES application (id),
        slot_key         text NOT NULL,
        file_name        text NOT NULL,
        content_type     text NOT NULL,
        size_bytes       integer NOT NULL,
        sha256           char(64) NOT NULL,
        content          bytea NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        deleted_at       timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX attachment_one_per_slot ON attachment (application_id, slot_key) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX attachment_application ON attachment (application_id)`);

    // An Idempotency-Key is claimed by inserting its row in the use case's transaction: a
    // concurrent request with the same key waits on the unique index, then reads the stored answer.
    await q.query(`
      CREATE TABLE idempotency_key (
        user_id          uuid NOT NULL,
        key              text NOT NULL,
        fingerprint      char(64) NOT NULL,
        status_code      integer,
        response         text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);

    await q.query(`
      CREATE TABLE application_timeline (
        id               bigserial PRIMARY KEY,
        application_id   uuid NOT NULL REFERENCES application (id),
        status           text NOT NULL,
        at               timestamptz NOT NULL,
        note             text,
        detail           jsonb
      )`);
    await q.query(`CREATE INDEX application_timeline_application ON application_timeline (application_id, at)`);

    await q.query(`
      CREATE TABLE clarification (
        id               uuid PRIMARY KEY,
        application_id   uuid NOT NULL REFERENCES application (id),
        question         text NOT NULL,
        asked_by         uuid,
        asked_at         timestamptz NOT NULL,
        respond_by       timestamptz NOT NULL,
        answer           text,
        answered_at      timestamptz,
        status           text NOT NULL CHECK (status IN ('OPEN', 'ANSWERED', 'EXPIRED', 'CLOSED'))
      )`);
    await q.query(`CREATE UNIQUE INDEX clarification_one_open ON clarification (application_id) WHERE status = 'OPEN'`);

    // What an applicant said about themselves at registration (identity.user.registered.v1):
    // the applicant type counts for a call's eligibility unless an application states another.
    await q.query(`
      CREATE TABLE applicant_account (
        user_id          uuid PRIMARY KEY,
        applicant_type   text,
        organisation_id  uuid,
        registered_at    timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE appeal (
        id               uuid PRIMARY KEY,
        application_id   uuid NOT NULL REFERENCES application (id),
        stage            text NOT NULL CHECK (stage IN ('ELIGIBILITY', 'RESULTS')),
        grounds          text NOT NULL,
        filed_at         timestamptz NOT NULL,
        status           text NOT NULL CHECK (status IN ('FILED', 'UPHELD', 'REJECTED')),
        decision_reason  text,
        decided_by       uuid,
        decided_at       timestamptz,
        UNIQUE (application_id, stage)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE appeal`);
    await q.query(`DROP TABLE applicant_account`);
    await q.query(`DROP TABLE clarification`);
    await q.query(`DROP TABLE application_timeline`);
    await q.query(`DROP TABLE idempotency_key`);
    await q.query(`DROP TABLE attachment`);
    await q.query(`DROP TABLE receipt`);
    await q.query(`
      ALTER TABLE applicant_identity
        DROP COLUMN phone, DROP COLUMN school, DROP COLUMN organisation, DROP COLUMN date_of_birth,
        DROP COLUMN applicant_type, DROP COLUMN guardian_name, DROP COLUMN guardian_relation,
        DROP COLUMN guardian_consented_at, DROP COLUMN updated_at`);
    await q.query(`DELETE FROM applicant_identity WHERE application_id IN (SELECT id FROM application WHERE status = 'DRAFT')`);
    await q.query(`DELETE FROM application WHERE status = 'DRAFT'`);
    await q.query(`DROP INDEX application_call_status`);
    await q.query(`DROP INDEX application_one_per_applicant`);
    await q.query(`
      ALTER TABLE application
        DROP CONSTRAINT application_outcome_check, DROP CONSTRAINT application_screening_check,
        DROP CONSTRAINT application_status_check,
        DROP COLUMN draft_content, DROP COLUMN version, DROP COLUMN revision, DROP COLUMN holds_slot,
        DROP COLUMN first_submitted_at, DROP COLUMN withdrawn_at, DROP COLUMN withdrawal_reason,
        DROP COLUMN self_identification, DROP COLUMN screening, DROP COLUMN auto_check,
        DROP COLUMN decision_reason, DROP COLUMN decided_at, DROP COLUMN decided_by, DROP COLUMN outcome,
        DROP COLUMN results_published_at, DROP COLUMN created_at, DROP COLUMN updated_at`);
    await q.query(`
      DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT call_id FROM call_replica LOOP
          EXECUTE format('DROP SEQUENCE IF EXISTS %I', 'application_ref_' || replace(r.call_id::text, '-', ''));
        END LOOP;
      END $$`);
    await q.query(`DROP TABLE call_lifecycle`);
    await q.query(`ALTER TABLE call_replica DROP COLUMN version, DROP COLUMN rules`);
  }
}
