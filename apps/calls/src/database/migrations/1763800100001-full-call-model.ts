import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full call model (issue 4): programmes, the rules of a call, its versions, the instants of its
 * status changes, a folded search column with a trigram index, and the outcome read model.
 * Existing calls keep working: every new column is nullable or has a default.
 */
export class FullCallModel1763800100001 implements MigrationInterface {
  name = 'FullCallModel1763800100001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE programme (
        id           uuid PRIMARY KEY,
        code         text NOT NULL UNIQUE,
        name         text NOT NULL,
        funder       text NOT NULL,
        currency     char(3) NOT NULL,
        budget_minor bigint NOT NULL CHECK (budget_minor > 0),
        starts_on    date,
        ends_on      date,
        created_by   text,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      ALTER TABLE call
        ALTER COLUMN opens_at DROP NOT NULL,
        ADD COLUMN programme_id         uuid REFERENCES programme (id),
        ADD COLUMN funder               text,
        ADD COLUMN submission_languages text[] NOT NULL DEFAULT '{}',
        ADD COLUMN eligibility          jsonb,
        ADD COLUMN form                 jsonb,
        ADD COLUMN rubric               jsonb,
        ADD COLUMN evaluation           jsonb,
        ADD COLUMN award_rules          jsonb,
        ADD COLUMN payment_policy       jsonb,
        ADD COLUMN appeal_window_days   integer,
        ADD COLUMN opened_at            timestamptz,
        ADD COLUMN closed_at            timestamptz,
        ADD COLUMN cancelled_at         timestamptz,
        ADD COLUMN cancel_reason        text,
        ADD COLUMN updated_at           timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN search_text          text NOT NULL DEFAULT '',
        ADD COLUMN municipality_keys    text[] NOT NULL DEFAULT '{}',
        ADD CONSTRAINT call_status_known CHECK (status IN
          ('DRAFT', 'SCHEDULED', 'OPEN', 'CLOSED', 'UNDER_EVALUATION', 'RESULTS_PUBLISHED', 'ARCHIVED', 'CANCELLED')),
        ADD CONSTRAINT call_published_has_opening CHECK (status = 'DRAFT' OR status = 'CANCELLED' OR opens_at IS NOT NULL)`);
    // Existing calls become searchable: their code, titles and summaries folded as
    // domain/search-text.ts folds them (lower case, no combining marks, đ ł ø → d l o).
    await q.query(`
      UPDATE call SET search_text = normalize(translate(regexp_replace(normalize(lower(
        reference_code || E'\\n' || coalesce((
          SELECT string_agg(coalesce(t.value->>'title', '') || E'\\n' || coalesce(t.value->>'summary', ''), E'\\n')
          FROM jsonb_each(texts) t), '')), NFD), '[\\u0300-\\u036f]', '', 'g'), 'đłø', 'dlo'), NFC)`);
    // Stable catalogue order: closing instant, then id.
    await q.query(`CREATE INDEX call_catalogue ON call (closes_at, id) WHERE status <> 'DRAFT'`);
    await q.query(`CREATE INDEX call_search_trgm ON call USING gin (search_text gin_trgm_ops)`);
    await q.query(`CREATE INDEX call_municipality_keys ON call USING gin (municipality_keys)`);
    await q.query(`CREATE INDEX call_submission_languages ON call USING gin (submission_languages)`);
    await q.query(`CREATE INDEX call_programme ON call (programme_id) WHERE programme_id IS NOT NULL`);

    // Version 1 is the publication; each amendment adds one, with its reason and the new snapshot.
    await q.query(`
      CREATE TABLE call_version (
        call_id    uuid NOT NULL REFERENCES call (id),
        version    integer NOT NULL CHECK (version >= 1),
        reason     text NOT NULL,
        changes    jsonb NOT NULL DEFAULT '[]'::jsonb,
        snapshot   jsonb NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (call_id, version)
      )`);
    await q.query(`
      INSERT INTO call_version (call_id, version, reason, snapshot, created_by, created_at)
      SELECT id, 1, 'published', jsonb_build_object(
               'callId', id, 'referenceCode', reference_code, 'kind', kind, 'currency', currency,
               'budgetMinor', budget_minor::text, 'opensAt', opens_at, 'closesAt', closes_at, 'timeZone', time_zone,
               'blindReview', blind_review, 'defaultLanguage', default_language, 'texts', texts, 'publishedAt', published_at),
             created_by, published_at
      FROM call WHERE published_at IS NOT NULL`);
    // Calls published before the schedule existed get their opening and closing scheduled now
    // (the reconciler wakes them at boot; one whose instant passed is caught up at once).
    await q.query(`
      INSERT INTO scheduled_job (id, queue, name, run_at, payload)
      SELECT 'call-open-' || id, 'call-schedule', 'open', opens_at, jsonb_build_object('callId', id)
      FROM call WHERE status = 'SCHEDULED'
      UNION ALL
      SELECT 'call-close-' || id, 'call-schedule', 'close', closes_at, jsonb_build_object('callId', id)
      FROM call WHERE status IN ('SCHEDULED', 'OPEN')
      ON CONFLICT (id) DO NOTHING`);

    // What evaluation published about a call (counts and amounts; no personal data).
    await q.query(`
      CREATE TABLE call_outcome (
        call_id              uuid PRIMARY KEY,
        event_id             uuid NOT NULL,
        currency             char(3) NOT NULL,
        applications_count   integer NOT NULL,
        eligible_count       integer NOT NULL,
        ranked_count         integer NOT NULL,
        awards_count         integer NOT NULL,
        reserve_count        integer NOT NULL,
        amount_awarded_minor bigint NOT NULL,
        ranking              jsonb NOT NULL,
        results_published_at timestamptz NOT NULL,
        received_at          timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM scheduled_job WHERE queue = 'call-schedule'`);
    await q.query(`DROP TABLE call_outcome`);
    await q.query(`DROP TABLE call_version`);
    await q.query(`DROP INDEX call_programme, call_submission_languages, call_municipality_keys, call_search_trgm, call_catalogue`);
    await q.query(`
      ALTER TABLE call
        DROP CONSTRAINT call_published_has_opening, DROP CONSTRAINT call_status_known,
        DROP COLUMN municipality_keys, DROP COLUMN search_text, DROP COLUMN updated_at, DROP COLUMN cancel_reason,
        DROP COLUMN cancelled_at, DROP COLUMN closed_at, DROP COLUMN opened_at, DROP COLUMN appeal_window_days,
        DROP COLUMN payment_policy, DROP COLUMN award_rules, DROP COLUMN evaluation, DROP COLUMN rubric, DROP COLUMN form,
        DROP COLUMN eligibility, DROP COLUMN submission_languages, DROP COLUMN funder, DROP COLUMN programme_id`);
    await q.query(`UPDATE call SET opens_at = coalesce(opens_at, created_at)`);
    await q.query(`ALTER TABLE call ALTER COLUMN opens_at SET NOT NULL`);
    await q.query(`DROP TABLE programme`);
  }
}
