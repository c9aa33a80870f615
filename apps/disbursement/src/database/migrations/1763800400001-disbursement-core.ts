import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grants with tranches, payees and their bank-details history, payment requests with approvals,
 * SEPA files, the append-only ledger, co-funding, grantee reports, and the replicas of the calls
 * and receipts this service reacts to.
 */
export class DisbursementCore1763800400001 implements MigrationInterface {
  name = 'DisbursementCore1763800400001';

  async up(q: QueryRunner): Promise<void> {
    // Replicas: what disbursement needs from other services, kept from their events.
    await q.query(`
      CREATE TABLE call_replica (
        call_id         uuid PRIMARY KEY,
        reference_code  text NOT NULL,
        kind            text NOT NULL,
        currency        char(3) NOT NULL,
        budget_minor    bigint NOT NULL CHECK (budget_minor >= 0),
        payment_policy  jsonb,
        title           text,
        version         integer NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE application_replica (
        application_id    uuid PRIMARY KEY,
        call_id           uuid NOT NULL,
        applicant_user_id uuid NOT NULL,
        reference         text NOT NULL,
        received_at       timestamptz NOT NULL DEFAULT now()
      )`);

    // Grants: an award that arrives before its call waits as AWAITING_CALL and is completed when
    // the call's replica arrives; a call whose policy cannot be planned leaves it BLOCKED (visible).
    await q.query(`ALTER TABLE grant_account
      ADD COLUMN applicant_user_id     uuid,
      ADD COLUMN reference             text,
      ADD COLUMN final_report_required boolean,
      ADD COLUMN blocked_reason        text,
      ADD COLUMN agreement_status      text NOT NULL DEFAULT 'DRAFT' CHECK (agreement_status IN ('DRAFT', 'SIGNED')),
      ADD COLUMN agreement_signed_on   date,
      ADD COLUMN agreement_signed_by   text,
      ADD COLUMN agreement_signed_at   timestamptz,
      ADD COLUMN closed_at             timestamptz,
      ADD COLUMN close_outcome         text,
      ADD COLUMN updated_at            timestamptz NOT NULL DEFAULT now(),
      ADD CONSTRAINT grant_account_status CHECK (status IN ('AWAITING_CALL', 'BLOCKED', 'OPEN', 'CLOSED', 'TERMINATED'))`);
    await q.query(`CREATE INDEX grant_account_application ON grant_account (application_id)`);
    await q.query(`CREATE INDEX grant_account_applicant ON grant_account (applicant_user_id)`);
    await q.query(`CREATE INDEX grant_account_waiting ON grant_account (call_id) WHERE status = 'AWAITING_CALL'`);

    await q.query(`
      CREATE TABLE grant_tranche (
        grant_id      uuid NOT NULL REFERENCES grant_account(id),
        sequence      integer NOT NULL CHECK (sequence >= 1),
        percent       numeric(5, 2) NOT NULL,
        basis_points  integer NOT NULL CHECK (basis_points BETWEEN 1 AND 10000),
        trigger       text NOT NULL CHECK (trigger IN ('ON_AGREEMENT_SIGNED', 'ON_INTERIM_REPORT_APPROVED', 'ON_FINAL_REPORT_APPROVED')),
        occurrence    integer NOT NULL CHECK (occurrence >= 1),
        amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
        currency      char(3) NOT NULL,
        released_at   timestamptz,
        released_by   text,
        PRIMARY KEY (grant_id, sequence)
      )`);

    // One payee per grant (the awardee); bank details are a history, never overwritten.
    await q.query(`
      CREATE TABLE payee (
        id         uuid PRIMARY KEY,
        grant_id   uuid NOT NULL UNIQUE REFERENCES grant_account(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE bank_details (
        id                    uuid PRIMARY KEY,
        payee_id              uuid NOT NULL REFERENCES payee(id),
        iban                  text NOT NULL,
        bic                   text,
        account_holder        text NOT NULL,
        country_code          char(2) NOT NULL,
        sepa                  boolean NOT NULL,
        changed_by            text NOT NULL,
        changed_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
        confirmation_required boolean NOT NULL,
        confirmed_by          text,
        confirmed_at          timestamptz,
        CHECK (confirmed_by IS NULL OR confirmed_by <> changed_by)
      )`);
    await q.query(`CREATE INDEX bank_details_payee ON bank_details (payee_id, changed_at)`);

    await q.query(`
      CREATE TABLE payment_file (
        id                       uuid PRIMARY KEY,
        message_id               text NOT NULL UNIQUE,
        currency                 char(3) NOT NULL,
        requested_execution_date date NOT NULL,
        number_of_transactions   integer NOT NULL,
        control_sum_minor        bigint NOT NULL,
        sha256                   char(64) NOT NULL,
        xml                      text NOT NULL,
        created_at               timestamptz NOT NULL DEFAULT now(),
        submitted_at             timestamptz
      )`);

    await q.query(`
      CREATE TABLE payment (
        id                 uuid PRIMARY KEY,
        grant_id           uuid NOT NULL REFERENCES grant_account(id),
        call_id            uuid NOT NULL,
        payee_id           uuid NOT NULL REFERENCES payee(id),
        tranche_sequence   integer,
        amount_minor       bigint NOT NULL CHECK (amount_minor > 0),
        currency           char(3) NOT NULL,
        status             text NOT NULL CHECK (status IN ('PENDING_APPROVAL', 'PARTIALLY_APPROVED', 'APPROVED', 'REJECTED', 'SENT', 'PAID', 'FAILED', 'CANCELLED')),
        origin             text NOT NULL CHECK (origin IN ('TRANCHE_TRIGGER', 'FINANCE_OFFICER')),
        note               text,
        requested_by       text NOT NULL,
        requested_at       timestamptz NOT NULL DEFAULT now(),
        approvals_required integer,
        approved_at        timestamptz,
        decided_by         text,
        rejection_reason   text,
        execution          integer NOT NULL DEFAULT 1,
        run_number         integer NOT NULL DEFAULT 1,
        bank_details_id    uuid REFERENCES bank_details(id),
        creditor_name      text,
        creditor_iban      text,
        creditor_bic       text,
        remittance         text,
        channel            text,
        file_id            uuid REFERENCES payment_file(id),
        bank_reference     text,
        sent_at            timestamptz,
        paid_at            timestamptz,
        failed_at          timestamptz,
        failure_kind       text CHECK (failure_kind IN ('REJECTED', 'OUTCOME_UNKNOWN')),
        failure_reason     text,
        updated_at         timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (grant_id, tranche_sequence) REFERENCES grant_tranche (grant_id, sequence)
      )`);
    // A tranche is paid by one live request at a time; a rejected or cancelled one may be replaced.
    await q.query(`CREATE UNIQUE INDEX payment_one_live_per_tranche ON payment (grant_id, tranche_sequence)
      WHERE tranche_sequence IS NOT NULL AND status NOT IN ('REJECTED', 'CANCELLED')`);
    await q.query(`CREATE INDEX payment_grant ON payment (grant_id)`);
    await q.query(`CREATE INDEX payment_call_status ON payment (call_id, status)`);
    await q.query(`CREATE INDEX payment_status ON payment (status, updated_at)`);
    await q.query(`CREATE INDEX payment_unfiled ON payment (currency) WHERE status = 'APPROVED' AND file_id IS NULL`);

    await q.query(`
      CREATE TABLE payment_approval (
        id              bigserial PRIMARY KEY,
        payment_id      uuid NOT NULL REFERENCES payment(id),
        approver_id     text NOT NULL,
        approved_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        bank_details_id uuid REFERENCES bank_details(id)
      )`);
    await q.query(`CREATE INDEX payment_approval_payment ON payment_approval (payment_id)`);

    // The ledger: append-only, signed amounts. COMMITMENT when a grant opens, PAYMENT when the bank
    // books, REVERSAL (negative) to undo part of an earlier entry; corrections never edit a row.
    await q.query(`
      CREATE TABLE ledger_entry (
        id                bigserial PRIMARY KEY,
        call_id           uuid NOT NULL,
        grant_id          uuid NOT NULL REFERENCES grant_account(id),
        payment_id        uuid REFERENCES payment(id),
        kind              text NOT NULL CHECK (kind IN ('COMMITMENT', 'PAYMENT', 'REVERSAL')),
        amount_minor      bigint NOT NULL CHECK ((kind = 'REVERSAL') = (amount_minor < 0) AND amount_minor <> 0),
        currency          char(3) NOT NULL,
        reverses_entry_id bigint REFERENCES ledger_entry(id),
        description       text NOT NULL,
        recorded_by       text,
        recorded_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK ((kind = 'REVERSAL') = (reverses_entry_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX ledger_one_commitment_per_grant ON ledger_entry (grant_id) WHERE kind = 'COMMITMENT'`);
    await q.query(`CREATE UNIQUE INDEX ledger_one_payment_per_payment ON ledger_entry (payment_id) WHERE kind = 'PAYMENT'`);
    await q.query(`CREATE INDEX ledger_entry_call ON ledger_entry (call_id, id)`);
    await q.query(`CREATE INDEX ledger_entry_grant ON ledger_entry (grant_id, id)`);
    await q.query(`
      CREATE FUNCTION ledger_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger_entry is append-only: record a REVERSAL instead';
      END $$`);
    await q.query(`
      CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
      FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only()`);

    // Co-funding: each partner's commitment beside the donor's payments, with what it has paid in.
    await q.query(`
      CREATE TABLE co_funding_commitment (
        id           uuid PRIMARY KEY,
        grant_id     uuid NOT NULL REFERENCES grant_account(id),
        partner_name text NOT NULL,
        partner_kind text NOT NULL CHECK (partner_kind IN ('MUNICIPALITY', 'OTHER')),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency     char(3) NOT NULL,
        recorded_by  text NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX co_funding_commitment_grant ON co_funding_commitment (grant_id)`);
    await q.query(`
      CREATE TABLE co_funding_receipt (
        id            uuid PRIMARY KEY,
        commitment_id uuid NOT NULL REFERENCES co_funding_commitment(id),
        amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
        received_on   date NOT NULL,
        recorded_by   text NOT NULL,
        recorded_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX co_funding_receipt_commitment ON co_funding_receipt (commitment_id)`);

    // Grantee reports: a returned report stays as it was; the grantee submits a new one.
    await q.query(`
      CREATE TABLE grant_report (
        id               uuid PRIMARY KEY,
        grant_id         uuid NOT NULL REFERENCES grant_account(id),
        kind             text NOT NULL CHECK (kind IN ('INTERIM', 'FINAL')),
        number           integer NOT NULL CHECK (number >= 1),
        status           text NOT NULL CHECK (status IN ('SUBMITTED', 'APPROVED', 'RETURNED')),
        narrative        text NOT NULL,
        indicators       jsonb NOT NULL,
        submitted_by     text NOT NULL,
        submitted_at     timestamptz NOT NULL DEFAULT now(),
        decided_by       text,
        decided_at       timestamptz,
        decision_comment text
      )`);
    await q.query(`CREATE UNIQUE INDEX grant_report_one_live ON grant_report (grant_id, kind, number) WHERE status IN ('SUBMITTED', 'APPROVED')`);
    await q.query(`
      CREATE TABLE grant_report_attachment (
        id           uuid PRIMARY KEY,
        report_id    uuid NOT NULL REFERENCES grant_report(id),
        file_name    text NOT NULL,
        content_type text NOT NULL,
        size_bytes   integer NOT NULL,
        sha256       char(64) NOT NULL,
        content      bytea NOT NULL
      )`);
    await q.query(`CREATE INDEX grant_report_attachment_report ON grant_report_attachment (report_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grant_report_attachment, grant_report, co_funding_receipt, co_funding_commitment`);
    await q.query(`DROP TABLE ledger_entry`);
    await q.query(`DROP FUNCTION ledger_entry_append_only`);
    await q.query(`DROP TABLE payment_approval, payment, payment_file, bank_details, payee, grant_tranche`);
    await q.query(`ALTER TABLE grant_account DROP CONSTRAINT grant_account_status,
      DROP COLUMN applicant_user_id, DROP COLUMN reference, DROP COLUMN final_report_required, DROP COLUMN blocked_reason,
      DROP COLUMN agreement_status, DROP COLUMN agreement_signed_on, DROP COLUMN agreement_signed_by, DROP COLUMN agreement_signed_at,
      DROP COLUMN closed_at, DROP COLUMN close_outcome, DROP COLUMN updated_at`);
    await q.query(`DROP TABLE application_replica, call_replica`);
  }
}
