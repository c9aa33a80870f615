import { AuthUser } from '@grants/auth';
import { currentContext } from '@grants/common';
import { ApplicationSubmittedV1, ReceiptIssuedV1, Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { OutboxEvent, OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { withAccountType } from '../../accounts/user-registered.handler';
import { assertOpen, CallReplicaStore, CallRow, OPEN_IN_SQL, referenceSequence, replicaColumns, ReplicaRaw } from '../../call-replica/call-replica.store';
import { appendWithoutActor, prepareWithoutActor } from '../anonymous-outbox';
import { ApplicationRow, attachmentRefs, loadApplication, loadAttachments } from '../application-store';
import { AttachmentRef, documentSha256, submissionDocument } from '../canonical-content';
import { contentOf, identityOf, parseBody } from '../content-input';
import { ApplicantIdentity, ApplicationContent, GuardianConsent, reviewContentOf } from '../domain/application-content';
import { contentProblems } from '../domain/content-rules';
import { selfIdentificationFlags } from '../domain/self-identification';
import { formatInZone } from '../domain/zoned-time';
import { SubmitDirectDto } from '../dto/application-content.dto';
import { HttpOutcome, requestFingerprint, runIdempotent, storedAnswer } from '../idempotency';
import { preparedQuery } from '../prepared-query';
import { alreadySubmitted, applicationInvalid, applicationNotFound, callUnknown, deadlinePassed, idempotencyInProgress, notEditable } from '../submissions.errors';

/** What the applicant keeps: the proof that the call received this content at this time. */
export interface Receipt {
  receiptId: string;
  applicationId: string;
  callId: string;
  reference: string;
  revision: number;
  /** Server time of the submission (UTC), and as the call's time zone shows it. */
  submittedAt: string;
  submittedAtLocal: string;
  /** SHA-256 of the canonical submitted content, attachments' fingerprints included. */
  contentSha256: string;
}


const isSlotViolation = (err: unknown) =>
  (err as { code?: string; constraint?: string }).code === '23505' &&
  (err as { constraint?: string }).constraint === 'application_one_per_applicant';

interface Prepared {
  content: ApplicationContent;
  identity: ApplicantIdentity;
  consent: GuardianConsent | null;
  attachments: AttachmentRef[];
  now: Date;
  call: CallRow;
}

/**
 * Submission: the whole application against the call's form and hard rules (every problem at
 * once), the call open by the replica and the server clock, a receipt with a per-call reference
 * and a SHA-256 of the canonical content, the review content to evaluation (without identity),
 * the receipt to the applicant's services. With an Idempotency-Key a retried request returns
 * the first answer, even when both arrive at once.
 */
@Injectable()
export class SubmitApplicationUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly calls: CallReplicaStore,
  ) {}

  /**
   * `POST /calls/{callId}/applications`: draft and submit in one request (calls without required
   * files). The deadline rush's path, in two statements on one connection and no explicit
   * transaction: the content is checked against the call as this process last read it (no
   * database); one statement reads the call's deadline and lifecycle afresh, whether the
   * Idempotency-Key was used, and takes a reference number if PostgreSQL's clock says the call is
   * open; one statement (atomic as a transaction is) claims the key with its answer and writes
   * the application, its personal data, its receipt, the audit entry and the two events, but only
   * if the call is still open by PostgreSQL's clock and unchanged since the first statement.
   */
  async direct(callId: string, user: AuthUser, raw: unknown, idempotencyKey?: string): Promise<HttpOutcome<Receipt>> {
    const body = await parseBody(SubmitDirectDto, raw);
    const content = contentOf(body as unknown as Record<string, unknown>);
    const fingerprint = requestFingerprint('POST', `/calls/${callId}/applications`, raw);
    const known = this.calls.cached(callId) ?? (await this.calls.get(this.ds.manager, callId));
    const identity = await this.typed(this.ds.manager, known, user.id, identityOf(body.applicant as unknown as Record<string, unknown>));
    const consentOf = (now: Date) => (body.guardianConsent ? { ...body.guardianConsent, consentedAt: now.toISOString() } : null);
    try {
      this.check({ content, identity, consent: consentOf(new Date()), attachments: [], now: new Date(), call: known });
    } catch (err) {
      // A retry of a request that was accepted before gets its first answer, whatever changed since.
      const stored = idempotencyKey ? await storedAnswer<Receipt>(this.ds.manager, user.id, idempotencyKey, fingerprint) : null;
      if (stored) return stored;
      throw err;
    }
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      const m = runner.manager;
      // The replica may change between the two statements (an amendment): then once more.
      for (let attempt = 1; attempt <= 5; attempt++) {
        const [row] = await preparedQuery<ReplicaRaw & { key_used: boolean; n: string | null }>(
          m,
          'applications-submit-reserve',
          `SELECT ${replicaColumns('$2')}, k.user_id IS NOT NULL AS key_used,
                  CASE WHEN ${OPEN_IN_SQL} AND k.user_id IS NULL THEN nextval($5::regclass)::text END AS n
             FROM call_replica r LEFT JOIN call_lifecycle l ON l.call_id = r.call_id
             LEFT JOIN idempotency_key k ON k.user_id = $3 AND k.key = $4
            WHERE r.call_id = $1`,
          [callId, this.calls.knownUpdatedAt(callId), user.id, idempotencyKey ?? null, referenceSequence(callId)],
        );
        if (!row) throw callUnknown(callId);
        if (row.key_used) return await this.replay(m, user.id, idempotencyKey!, fingerprint);
        const now = new Date(); // the server clock decides, whatever the client says
        const call = await this.calls.rowOf(m, row);
        assertOpen(call, now);
        // Open by our clock but not by PostgreSQL's a moment later: the deadline passed in between.
        if (row.n === null) throw deadlinePassed(call.closesAt, call.timeZone);
        const p: Prepared = { content, identity, consent: consentOf(now), attachments: [], now, call };
        if (call.rules !== known.rules) this.check(p); // amended since this process last read it
        const reference = `${call.referenceCode}-${row.n.padStart(4, '0')}`;
        const written = await this.insertNew(m, user.id, p, reference, row.updated_at, idempotencyKey, fingerprint);
        if (written.receipt) return { status: 201, body: written.receipt };
        // Nothing written: the key was taken meanwhile (its request has committed: replay it),
        // or the call closed or changed since the first statement (look again).
        if (written.keyTaken) return await this.replay(m, user.id, idempotencyKey!, fingerprint);
      }
      throw new Error(`The call ${callId} kept changing while a submission was being written`);
    } finally {
      await runner.release();
    }
  }

  /** The stored answer to a key used before (a committed request always stored one). */
  private async replay(m: EntityManager, userId: string, key: string, fingerprint: string): Promise<HttpOutcome<Receipt>> {
    const stored = await storedAnswer<Receipt>(m, userId, key, fingerprint);
    if (stored) return stored;
    throw idempotencyInProgress();
  }

  /** `POST /applications/{id}/submit`: the working copy of a draft, or a resubmission before the deadline. */
  async draft(applicationId: string, user: AuthUser, idempotencyKey?: string): Promise<HttpOutcome<Receipt>> {
    const fingerprint = requestFingerprint('POST', `/applications/${applicationId}/submit`, null);
    return runIdempotent(this.ds, user.id, idempotencyKey, fingerprint, async (m) => {
      const app = await loadApplication(m, applicationId, { lock: true });
      if (!app || app.applicantUserId !== user.id) throw applicationNotFound(applicationId);
      if (app.status === 'WITHDRAWN') throw notEditable(app.status);
      const now = new Date();
      const call = await this.calls.get(m, app.callId);
      assertOpen(call, now);
      const attachments = attachmentRefs(await loadAttachments(m, app.id));
      const identity = await this.typed(m, call, user.id, app.identity);
      const p: Prepared = { content: app.draftContent, identity, consent: app.consent, attachments, now, call };
      this.check(p);
      if (identity.applicantType && !app.identity.applicantType) {
        // The account's type is the one that counted: the application records it.
        await m.query(`UPDATE applicant_identity SET applicant_type = $2 WHERE application_id = $1`, [app.id, identity.applicantType]);
      }
      const doc = submissionDocument(p.content, p.attachments);
      const sha = documentSha256(doc);
      // Submitting the same content again changes nothing: the receipt already proves it.
      if (app.status === 'SUBMITTED' && app.contentSha256 === sha) {
        return { status: 200, body: await this.latestReceipt(m, app, call) };
      }
      return { status: 201, body: await this.resubmit(m, app, p, doc, sha) };
    });
  }

  /** The account's registered applicant type counts where the application states none. */
  private typed(m: EntityManager, call: CallRow, userId: string, identity: ApplicantIdentity): Promise<ApplicantIdentity> {
    return call.rules.eligibility?.applicantTypes?.length ? withAccountType(m, userId, identity) : Promise.resolve(identity);
  }

  private check(p: Prepared): void {
    const problems = contentProblems(p.content, {
      rules: p.call.rules,
      currency: p.call.currency,
      timeZone: p.call.timeZone,
      now: p.now,
      mode: 'full',
      identity: p.identity,
      consent: p.consent,
      attachmentKeys: p.attachments.map((a) => a.key),
    });
    if (problems.length) throw applicationInvalid(problems);
  }

  private flags(p: Prepared) {
    // Only a blind entry can give its author away; the officer sees the flags, evaluators never.
    return p.call.blindReview ? selfIdentificationFlags(p.content, p.identity) : [];
  }

  /**
   * One statement for the idempotency key and its answer, the application, its personal data, its
   * receipt, the audit entry and both events: the rush's hot path. A single statement is atomic,
   * so it needs no transaction around it. It writes nothing unless the call is still open by
   * PostgreSQL's clock, its replica is the one read (`updated_at`) and the key (if any) was free.
   */
  private async insertNew(
    m: EntityManager,
    userId: string,
    p: Prepared,
    reference: string,
    replicaUpdatedAt: string,
    idempotencyKey: string | undefined,
    fingerprint: string,
  ): Promise<{ receipt?: Receipt; keyTaken: boolean }> {
    const { call, now, content, identity, consent } = p;
    const id = randomUUID();
    const receiptId = randomUUID();
    const doc = submissionDocument(content, p.attachments);
    const sha = documentSha256(doc);
    const reviewContent = reviewContentOf(content, call.blindReview);
    const receipt = this.receipt(receiptId, id, call, reference, 1, now, sha);
    const { blindEntry, receiptIssued } = this.events(userId, receipt, content, reviewContent);
    const events = [prepareWithoutActor(this.outbox, blindEntry), this.outbox.prepare(receiptIssued)];
    const ctx = currentContext();
    let row: { claimed: number; written: number };
    try {
      [row] = await preparedQuery<{ claimed: number; written: number }>(
        m,
        'applications-submit-insert',
        `WITH live AS (
           SELECT 1 FROM call_replica r LEFT JOIN call_lifecycle l ON l.call_id = r.call_id
            WHERE r.call_id = $2 AND r.updated_at::text = $28 AND ${OPEN_IN_SQL}),
         claim AS (
           INSERT INTO idempotency_key (user_id, key, fingerprint, status_code, response)
           SELECT $3, $26, $29, 201, $27 FROM live WHERE $26::text IS NOT NULL
           ON CONFLICT DO NOTHING RETURNING 1),
         go AS (
           SELECT 1 FROM live WHERE $26::text IS NULL OR EXISTS (SELECT 1 FROM claim)),
         app AS (
           INSERT INTO application (id, call_id, applicant_user_id, reference, status, language, draft_content, review_content,
                                    content_sha256, submitted_at, first_submitted_at, version, revision, holds_slot,
                                    self_identification, created_at, updated_at)
           SELECT $1, $2, $3, $4, 'SUBMITTED', $5, $6, $7, $8, $9, $9, 1, 1, $10, $11, $9, $9 FROM go
           RETURNING id),
         ident AS (
           INSERT INTO applicant_identity (application_id, full_name, email, phone, school, organisation, date_of_birth, applicant_type,
                                           guardian_name, guardian_relation, guardian_consented_at, updated_at)
           SELECT id, $12, $13, $14, $15, $16, $17::date, $18, $19, $20, $21, $9 FROM app),
         rc AS (
           INSERT INTO receipt (id, application_id, revision, reference, submitted_at, content_sha256, document)
           SELECT $22, id, 1, $4, $9, $8, $23 FROM app),
         audit AS (
           INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, correlation_id)
           SELECT $3, 'application.submitted', 'application', id::text, NULL, $24, $25 FROM app),
         events AS (
           INSERT INTO outbox_message (event_id, topic, message_key, envelope)
           SELECT e.event_id, e.topic, e.message_key, e.envelope::jsonb
             FROM app, unnest($30::uuid[], $31::text[], $32::text[], $33::text[]) WITH ORDINALITY AS e(event_id, topic, message_key, envelope, n)
            ORDER BY e.n)
         SELECT (SELECT count(*) FROM claim)::int AS claimed, (SELECT count(*) FROM app)::int AS written`,
        [
          id,
          call.callId,
          userId,
          reference,
          content.language,
          JSON.stringify(content),
          JSON.stringify(reviewContent),
          sha,
          now,
          !!call.rules.eligibility?.onePerApplicant,
          JSON.stringify(this.flags(p)),
          identity.fullName ?? null,
          identity.email ?? null,
          identity.phone ?? null,
          identity.school ?? null,
          identity.organisation ?? null,
          identity.dateOfBirth ?? null,
          identity.applicantType ?? null,
          consent?.guardianName ?? null,
          consent?.relation ?? null,
          consent?.consentedAt ?? null,
          receiptId,
          JSON.stringify(doc),
          JSON.stringify({ callId: call.callId, reference, status: 'SUBMITTED', revision: 1, contentSha256: sha }),
          ctx?.correlationId ?? null,
          idempotencyKey ?? null,
          JSON.stringify(receipt),
          replicaUpdatedAt,
          fingerprint,
          events.map((e) => e.eventId),
          events.map((e) => e.topic),
          events.map((e) => e.messageKey),
          events.map((e) => e.envelopeJson),
        ],
      );
    } catch (err) {
      if (isSlotViolation(err)) throw alreadySubmitted();
      throw err;
    }
    if (!row.written) return { keyTaken: !!idempotencyKey && !row.claimed };
    this.outbox.appended();
    return { receipt, keyTaken: false };
  }

  private async resubmit(m: EntityManager, app: ApplicationRow, p: Prepared, doc: unknown, sha: string): Promise<Receipt> {
    const { call, now, content } = p;
    let reference = app.reference;
    if (!reference) {
      const [{ n }] = await m.query(`SELECT nextval($1::regclass)::text AS n`, [referenceSequence(call.callId)]);
      reference = `${call.referenceCode}-${n.padStart(4, '0')}`;
    }
    const revision = app.revision + 1;
    const reviewContent = reviewContentOf(content, call.blindReview);
    const receiptId = randomUUID();
    try {
      await m.query(
        `UPDATE application SET status = 'SUBMITTED', reference = $2, language = $3, review_content = $4, content_sha256 = $5,
                submitted_at = $6, first_submitted_at = COALESCE(first_submitted_at, $6), revision = $7, holds_slot = $8,
                self_identification = $9, updated_at = $6
          WHERE id = $1`,
        [app.id, reference, content.language, JSON.stringify(reviewContent), sha, now, revision, !!call.rules.eligibility?.onePerApplicant, JSON.stringify(this.flags(p))],
      );
    } catch (err) {
      if (isSlotViolation(err)) throw alreadySubmitted();
      throw err;
    }
    await m.query(
      `INSERT INTO receipt (id, application_id, revision, reference, submitted_at, content_sha256, document) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [receiptId, app.id, revision, reference, now, sha, JSON.stringify(doc)],
    );
    const receipt = this.receipt(receiptId, app.id, call, reference, revision, now, sha);
    await appendAudit(m, {
      action: 'application.resubmitted',
      entityType: 'application',
      entityId: app.id,
      before: { status: app.status, revision: app.revision, contentSha256: app.contentSha256 },
      after: { callId: call.callId, reference, status: 'SUBMITTED', revision, contentSha256: sha },
    });
    await this.appendEvents(m, app.applicantUserId!, receipt, content, reviewContent);
    return receipt;
  }

  private receipt(receiptId: string, applicationId: string, call: CallRow, reference: string, revision: number, at: Date, sha: string): Receipt {
    return {
      receiptId,
      applicationId,
      callId: call.callId,
      reference,
      revision,
      submittedAt: at.toISOString(),
      submittedAtLocal: formatInZone(at, call.timeZone),
      contentSha256: sha,
    };
  }

  private async latestReceipt(m: EntityManager, app: ApplicationRow, call: CallRow): Promise<Receipt> {
    const [r] = await m.query(`SELECT id, revision, reference, submitted_at, content_sha256 FROM receipt WHERE application_id = $1 ORDER BY revision DESC LIMIT 1`, [app.id]);
    return this.receipt(r.id, app.id, call, r.reference, r.revision, r.submitted_at, r.content_sha256);
  }

  /**
   * The blind entry for evaluation (to be written without the applicant's account id in its
   * envelope) and the receipt for the applicant's services.
   */
  private events(userId: string, r: Receipt, content: ApplicationContent, reviewContent: Record<string, unknown>) {
    const blindEntry: OutboxEvent<ApplicationSubmittedV1> = {
      topic: Topics.ApplicationSubmittedV1,
      aggregateId: r.applicationId,
      payload: {
        applicationId: r.applicationId,
        callId: r.callId,
        reference: r.reference,
        submittedAt: r.submittedAt,
        contentSha256: r.contentSha256,
        language: content.language!,
        reviewContent, // never the applicant's identity
        revision: r.revision,
      },
    };
    const receiptIssued: OutboxEvent<ReceiptIssuedV1> = {
      topic: Topics.ReceiptIssuedV1,
      aggregateId: r.applicationId,
      payload: {
        applicationId: r.applicationId,
        callId: r.callId,
        applicantUserId: userId,
        reference: r.reference,
        submittedAt: r.submittedAt,
        contentSha256: r.contentSha256,
        receiptId: r.receiptId,
        revision: r.revision,
      },
    };
    return { blindEntry, receiptIssued };
  }

  /** Both events, in the use case's transaction (resubmissions). */
  private async appendEvents(m: EntityManager, userId: string, r: Receipt, content: ApplicationContent, reviewContent: Record<string, unknown>): Promise<void> {
    const { blindEntry, receiptIssued } = this.events(userId, r, content, reviewContent);
    await appendWithoutActor(this.outbox, m, blindEntry);
    await this.outbox.append(m, receiptIssued);
  }
}
