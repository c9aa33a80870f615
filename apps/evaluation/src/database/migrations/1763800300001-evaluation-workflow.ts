import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The evaluation workflow: screening results and conflict parties (kept apart from the review
 * content), the evaluator pool and call panels, assignments, score sheets, consensus scores,
 * staffing shortfalls, the call's evaluation state (proposal, published selection), award status,
 * appeals under re-evaluation and result amendments.
 */
export class EvaluationWorkflow1763800300001 implements MigrationInterface {
  name = 'EvaluationWorkflow1763800300001';

  async up(q: QueryRunner): Promise<void> {
    // The call's lifecycle as the calls service announces it. closed_at is sticky: a late
    // published/amended event never reopens a call evaluation saw closed.
    await q.query(`
      ALTER TABLE call_replica
        ADD COLUMN version   integer NOT NULL DEFAULT 1,
        ADD COLUMN status    text NOT NULL DEFAULT 'PUBLISHED',
        ADD COLUMN closed_at timestamptz`);

    // Screening's decision per application (may arrive before the entry's content: other topic).
    await q.query(`
      CREATE TABLE entry_screening (
        application_id  uuid PRIMARY KEY,
        call_id         uuid NOT NULL,
        reference       text NOT NULL,
        eligible        boolean NOT NULL,
        language        text NOT NULL,
        submitted_at    timestamptz NOT NULL,
        requested_minor bigint CHECK (requested_minor > 0),
        decided_at      timestamptz NOT NULL,
        received_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX entry_screening_call ON entry_screening (call_id)`);

    // Who stands behind an entry, for conflict checks only. Its own table so that no query of
    // the review content can pick it up by accident; never returned to an evaluator.
    await q.query(`
      CREATE TABLE entry_parties (
        application_id uuid PRIMARY KEY,
        call_id        uuid NOT NULL,
        parties        jsonb NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);

    // A withdrawn application leaves the competition (the event may come before its content).
    await q.query(`
      CREATE TABLE entry_withdrawal (
        application_id uuid PRIMARY KEY,
        call_id        uuid NOT NULL,
        withdrawn_at   timestamptz NOT NULL
      )`);

    // The round an entry is evaluated in: 1, then +1 per upheld appeal (re-evaluation).
    await q.query(`ALTER TABLE entry ADD COLUMN round integer NOT NULL DEFAULT 1`);

    await q.query(`
      CREATE TABLE evaluator_profile (
        user_id           uuid PRIMARY KEY,
        display_name      text NOT NULL,
        email             text NOT NULL,
        organisation      text,
        languages         text[] NOT NULL,
        expertise         text[] NOT NULL DEFAULT '{}',
        max_load_per_call integer CHECK (max_load_per_call >= 0),
        declared          jsonb NOT NULL DEFAULT '{}',
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE panel_member (
        call_id      uuid NOT NULL,
        evaluator_id uuid NOT NULL REFERENCES evaluator_profile (user_id),
        status       text NOT NULL CHECK (status IN ('INVITED', 'ACCEPTED', 'DECLINED', 'DROPPED_OUT')),
        max_load     integer CHECK (max_load >= 0),
        declared     jsonb NOT NULL DEFAULT '{}',
        invited_by   text,
        invited_at   timestamptz NOT NULL DEFAULT now(),
        responded_at timestamptz,
        left_reason  text,
        PRIMARY KEY (call_id, evaluator_id)
      )`);
    await q.query(`CREATE INDEX panel_member_evaluator ON panel_member (evaluator_id)`);

    // One row per (entry, evaluator), ever: an evaluator is never offered an entry twice.
    await q.query(`
      CREATE TABLE assignment (
        id              uuid PRIMARY KEY,
        call_id         uuid NOT NULL,
        application_id  uuid NOT NULL,
        evaluator_id    uuid NOT NULL,
        round           integer NOT NULL,
        reason          text NOT NULL CHECK (reason IN ('INITIAL', 'ADDITIONAL_EVALUATOR', 'REASSIGNMENT', 'RE_EVALUATION', 'LATE_ENTRY')),
        status          text NOT NULL CHECK (status IN ('ACTIVE', 'RELEASED')),
        released_reason text CHECK (released_reason IN ('DECLINED', 'CONFLICT_DECLARED', 'DROPPED_OUT', 'INELIGIBLE', 'WITHDRAWN')),
        released_note   text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        released_at     timestamptz,
        UNIQUE (application_id, evaluator_id)
      )`);
    await q.query(`CREATE INDEX assignment_call ON assignment (call_id, status)`);
    await q.query(`CREATE INDEX assignment_evaluator ON assignment (evaluator_id, call_id)`);

    await q.query(`
      CREATE TABLE score_sheet (
        assignment_id        uuid PRIMARY KEY REFERENCES assignment (id),
        call_id              uuid NOT NULL,
        application_id       uuid NOT NULL,
        evaluator_id         uuid NOT NULL,
        status               text NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED')),
        scores               jsonb NOT NULL DEFAULT '{}',
        comments             jsonb NOT NULL DEFAULT '{}',
        total_hundredths     integer,
        criterion_hundredths jsonb,
        threshold_failures   jsonb,
        passed               boolean,
        submitted_at         timestamptz,
        reopened_count       integer NOT NULL DEFAULT 0,
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX score_sheet_entry ON score_sheet (application_id)`);

    await q.query(`
      CREATE TABLE consensus_score (
        application_id   uuid NOT NULL,
        round            integer NOT NULL,
        call_id          uuid NOT NULL,
        score_hundredths integer NOT NULL CHECK (score_hundredths BETWEEN 0 AND 10000),
        note             text NOT NULL,
        recorded_by      text,
        recorded_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, round)
      )`);

    await q.query(`
      CREATE TABLE staffing_shortfall (
        application_id uuid PRIMARY KEY,
        call_id        uuid NOT NULL,
        required       integer NOT NULL,
        assigned       integer NOT NULL,
        detail         jsonb NOT NULL,
        message        text NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX staffing_shortfall_call ON staffing_shortfall (call_id)`);

    // proposal: the ranking and selection the officer is looking at (and an override);
    // selection: the SelectionResult in force after publication, fed to promoteFromReserve;
    // published_ranking: what the last revision said, to compute an amendment's differences.
    await q.query(`
      CREATE TABLE call_evaluation (
        call_id           uuid PRIMARY KEY,
        status            text NOT NULL CHECK (status IN ('IN_PROGRESS', 'PROPOSED', 'RESULTS_PUBLISHED')),
        started_at        timestamptz NOT NULL DEFAULT now(),
        started_by        text,
        proposal          jsonb,
        selection         jsonb,
        published_ranking jsonb,
        results_revision  integer NOT NULL DEFAULT 0,
        published_at      timestamptz,
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      ALTER TABLE award
        ADD COLUMN status            text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DECLINED', 'REVOKED')),
        ADD COLUMN via               text NOT NULL DEFAULT 'MANUAL' CHECK (via IN ('MANUAL', 'SELECTION', 'PROMOTION', 'AMENDMENT')),
        ADD COLUMN position          integer,
        ADD COLUMN replaces_award_id uuid,
        ADD COLUMN released_at       timestamptz,
        ADD COLUMN released_reason   text,
        ADD COLUMN recovered_minor   bigint`);

    await q.query(`
      CREATE TABLE appeal_review (
        appeal_id      uuid PRIMARY KEY,
        application_id uuid NOT NULL,
        call_id        uuid NOT NULL,
        stage          text NOT NULL,
        upheld         boolean NOT NULL,
        round          integer,
        status         text NOT NULL CHECK (status IN ('RE_EVALUATING', 'AMENDED', 'NOT_APPLICABLE')),
        note           text,
        received_at    timestamptz NOT NULL DEFAULT now(),
        completed_at   timestamptz
      )`);

    await q.query(`
      CREATE TABLE results_amendment (
        id             bigserial PRIMARY KEY,
        call_id        uuid NOT NULL,
        revision       integer NOT NULL,
        reason         text NOT NULL,
        application_id uuid NOT NULL,
        changes        jsonb NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE results_amendment`);
    await q.query(`DROP TABLE appeal_review`);
    await q.query(`
      ALTER TABLE award DROP COLUMN recovered_minor, DROP COLUMN released_reason, DROP COLUMN released_at,
        DROP COLUMN replaces_award_id, DROP COLUMN position, DROP COLUMN via, DROP COLUMN status`);
    await q.query(`DROP TABLE call_evaluation`);
    await q.query(`DROP TABLE staffing_shortfall`);
    await q.query(`DROP TABLE consensus_score`);
    await q.query(`DROP TABLE score_sheet`);
    await q.query(`DROP TABLE assignment`);
    await q.query(`DROP TABLE panel_member`);
    await q.query(`DROP TABLE evaluator_profile`);
    await q.query(`ALTER TABLE entry DROP COLUMN round`);
    await q.query(`DROP TABLE entry_withdrawal`);
    await q.query(`DROP TABLE entry_parties`);
    await q.query(`DROP TABLE entry_screening`);
    await q.query(`ALTER TABLE call_replica DROP COLUMN closed_at, DROP COLUMN status, DROP COLUMN version`);
  }
}
