import { AuthUser } from '@grants/auth';
import { FieldProblem, InputError } from '@grants/common';
import { ConflictPartiesV1, Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { JobScheduler } from '@grants/jobs';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CallReplicaStore, CallRow, callState } from '../../call-replica/call-replica.store';
import { addTimeline, ApplicationRow, loadApplication } from '../../submissions/application-store';
import { parseBody } from '../../submissions/content-input';
import { ApplicationContent } from '../../submissions/domain/application-content';
import { IsCleanText } from '../../submissions/dto/application-content.dto';
import { applicationNotFound, callCancelled, callStillOpen } from '../../submissions/submissions.errors';
import { AutoScreening } from '../auto-screening';
import { clarificationOpen, notScreenable, resultsAlreadyPublished } from '../screening.errors';
import { clarificationDueJob } from '../screening.jobs';

export const ELIGIBILITY_DECISIONS = ['ELIGIBLE', 'INELIGIBLE', 'CLARIFICATION'] as const;

export class EligibilityDecisionDto {
  @IsIn(ELIGIBILITY_DECISIONS) decision!: (typeof ELIGIBILITY_DECISIONS)[number];
  /** Required for INELIGIBLE: the applicant reads it, and may appeal against it. */
  @IsOptional() @IsString() @IsCleanText() @Length(1, 2000) reason?: string;
  /** CLARIFICATION: what the applicant is asked, and until when they may answer. */
  @IsOptional() @IsString() @IsCleanText() @Length(1, 4000) question?: string;
  @IsOptional() @IsISO8601({ strict: true }) respondBy?: string;
}

const MAX_CLARIFICATION_MS = 60 * 24 * 3600 * 1000;

/** The latest submitted content (what was screened), from the receipt. */
export async function submittedContent(m: EntityManager, applicationId: string): Promise<ApplicationContent> {
  const [r] = await m.query(`SELECT document FROM receipt WHERE application_id = $1 ORDER BY revision DESC LIMIT 1`, [applicationId]);
  return (r?.document?.content ?? {}) as ApplicationContent;
}

/** Who stands behind an entry, for evaluation's conflict checks only (stored apart there). */
export function conflictPartiesOf(app: ApplicationRow, content: ApplicationContent): ConflictPartiesV1 {
  const parties: ConflictPartiesV1 = {};
  const org = app.identity.organisation ?? content.leadOrganisation?.name ?? app.identity.school;
  if (org) parties.applicantOrganisation = org.slice(0, 300);
  if (app.identity.email) parties.applicantEmail = app.identity.email;
  if (content.partners?.length) parties.partnerOrganisations = content.partners.map((p) => p.name);
  const emails = [content.leadOrganisation?.email, ...(content.partners ?? []).map((p) => p.email)].filter((e): e is string => !!e);
  if (emails.length) parties.partnerEmails = emails;
  if (content.partnerMunicipality) parties.partnerMunicipality = content.partnerMunicipality;
  return parties;
}

/** Publishes `eligibility-decided` (and the applicant's timeline step) for a decision taken in `m`. */
export async function announceEligibility(
  m: EntityManager,
  outbox: OutboxWriter,
  app: ApplicationRow,
  eligible: boolean,
  reason: string | undefined,
  at: Date,
): Promise<void> {
  const content = await submittedContent(m, app.id);
  await outbox.append(m, {
    topic: Topics.EligibilityDecidedV1,
    aggregateId: app.id,
    payload: {
      applicationId: app.id,
      callId: app.callId,
      reference: app.reference!,
      eligible,
      ...(reason ? { reason } : {}),
      language: app.language,
      submittedAt: app.submittedAt!.toISOString(),
      ...(content.requestedAmountMinor ? { requestedAmountMinor: content.requestedAmountMinor } : {}),
      conflictParties: conflictPartiesOf(app, content),
      decidedAt: at.toISOString(),
    },
  });
  await outbox.append(m, {
    topic: Topics.ApplicationStatusChangedV1,
    aggregateId: app.id,
    payload: {
      applicationId: app.id,
      callId: app.callId,
      applicantUserId: app.applicantUserId!,
      reference: app.reference!,
      status: eligible ? 'ELIGIBLE' : 'INELIGIBLE',
      changedAt: at.toISOString(),
      ...(reason ? { note: reason } : {}),
    },
  });
}

/**
 * An officer's screening decision for one application, after the call closed: eligible (the
 * entry goes to the jury: under review), ineligible with a reason (appealable), or a
 * clarification the applicant can answer until a set time.
 */
@Injectable()
export class DecideEligibilityUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly calls: CallReplicaStore,
    private readonly jobs: JobScheduler,
    private readonly auto: AutoScreening,
  ) {}

  async execute(applicationId: string, officer: AuthUser, raw: unknown) {
    const body = await parseBody(EligibilityDecisionDto, raw);
    const missing: FieldProblem[] = [];
    if (body.decision === 'INELIGIBLE' && !body.reason) missing.push({ field: 'reason', code: 'REQUIRED_BY_RULE', params: { because: 'INELIGIBLE' }, reason: 'is required for an ineligibility decision (the applicant may appeal against it)' });
    if (body.decision === 'CLARIFICATION') {
      if (!body.question) missing.push({ field: 'question', code: 'REQUIRED_BY_RULE', params: { because: 'CLARIFICATION' }, reason: 'is required for a clarification' });
      if (!body.respondBy) missing.push({ field: 'respondBy', code: 'REQUIRED_BY_RULE', params: { because: 'CLARIFICATION' }, reason: 'is required for a clarification: until when the applicant may answer' });
      else {
        const t = new Date(body.respondBy).getTime();
        if (t <= Date.now()) missing.push({ field: 'respondBy', code: 'NOT_IN_FUTURE', reason: 'must be in the future' });
        else if (t > Date.now() + MAX_CLARIFICATION_MS) missing.push({ field: 'respondBy', code: 'TOO_LATE', params: { latest: new Date(Date.now() + MAX_CLARIFICATION_MS).toISOString() }, reason: 'must be within 60 days' });
      }
    }
    if (missing.length) throw new InputError('REQUEST.INVALID', 'The decision is incomplete', missing);

    return this.ds.transaction(async (m) => {
      const now = new Date();
      const app = await loadApplication(m, applicationId, { lock: true });
      if (!app || app.status === 'DRAFT') throw applicationNotFound(applicationId);
      if (app.status !== 'SUBMITTED') throw notScreenable(app.status);
      const call = await this.calls.get(m, app.callId);
      this.assertClosed(call, now);
      if (app.outcome && app.outcome !== 'UNDER_REVIEW') throw resultsAlreadyPublished();
      const autoCheck = app.autoCheck ?? (await this.auto.screenOne(m, app.id, call));

      if (body.decision === 'CLARIFICATION') return this.askClarification(m, app, officer, body.question!, new Date(body.respondBy!), now);

      const eligible = body.decision === 'ELIGIBLE';
      await m.query(`UPDATE clarification SET status = 'CLOSED' WHERE application_id = $1 AND status = 'OPEN'`, [app.id]);
      await m.query(
        `UPDATE application SET screening = $2, decision_reason = $3, decided_at = $4, decided_by = $5,
                outcome = CASE WHEN $6 THEN COALESCE(outcome, 'UNDER_REVIEW') ELSE NULL END, updated_at = $4
          WHERE id = $1`,
        [app.id, body.decision, body.reason ?? null, now, officer.id, eligible],
      );
      await addTimeline(m, app.id, body.decision, now, body.reason);
      if (eligible && !app.outcome) await addTimeline(m, app.id, 'UNDER_REVIEW', now);
      await appendAudit(m, {
        action: 'application.eligibility-decided',
        entityType: 'application',
        entityId: app.id,
        before: { screening: app.screening, outcome: app.outcome },
        after: { screening: body.decision, reason: body.reason ?? null, autoCheckPassed: autoCheck.passed },
      });
      await announceEligibility(m, this.outbox, app, eligible, body.reason, now);
      return { applicationId: app.id, reference: app.reference, screening: body.decision, reason: body.reason ?? null, decidedAt: now.toISOString(), autoCheck };
    });
  }

  private assertClosed(call: CallRow, now: Date): void {
    const state = callState(call, now);
    if (state === 'CANCELLED') throw callCancelled(call.cancelReason);
    if (state !== 'CLOSED') throw callStillOpen(call.closesAt, call.timeZone);
  }

  private async askClarification(m: EntityManager, app: ApplicationRow, officer: AuthUser, question: string, respondBy: Date, now: Date) {
    const open = await m.query(`SELECT 1 FROM clarification WHERE application_id = $1 AND status = 'OPEN'`, [app.id]);
    if (open.length) throw clarificationOpen();
    const id = randomUUID();
    await m.query(
      `INSERT INTO clarification (id, application_id, question, asked_by, asked_at, respond_by, status) VALUES ($1, $2, $3, $4, $5, $6, 'OPEN')`,
      [id, app.id, question, officer.id, now, respondBy],
    );
    await m.query(`UPDATE application SET screening = 'CLARIFICATION_REQUESTED', decided_at = $2, decided_by = $3, updated_at = $2 WHERE id = $1`, [
      app.id,
      now,
      officer.id,
    ]);
    await this.jobs.scheduleInTx(m, clarificationDueJob(id, respondBy));
    await addTimeline(m, app.id, 'CLARIFICATION_REQUESTED', now, question, { clarificationId: id, respondBy: respondBy.toISOString() });
    await appendAudit(m, {
      action: 'application.clarification-requested',
      entityType: 'application',
      entityId: app.id,
      before: { screening: app.screening },
      after: { screening: 'CLARIFICATION_REQUESTED', clarificationId: id, respondBy: respondBy.toISOString() },
    });
    const base = { applicationId: app.id, callId: app.callId, applicantUserId: app.applicantUserId!, reference: app.reference! };
    await this.outbox.append(m, {
      topic: Topics.ClarificationRequestedV1,
      aggregateId: app.id,
      payload: { clarificationId: id, ...base, question, respondBy: respondBy.toISOString(), requestedAt: now.toISOString() },
    });
    await this.outbox.append(m, {
      topic: Topics.ApplicationStatusChangedV1,
      aggregateId: app.id,
      payload: { ...base, status: 'CLARIFICATION_REQUESTED', changedAt: now.toISOString(), note: question.slice(0, 2000) },
    });
    return {
      applicationId: app.id,
      reference: app.reference,
      screening: 'CLARIFICATION_REQUESTED',
      clarification: { id, question, respondBy: respondBy.toISOString() },
      decidedAt: now.toISOString(),
    };
  }
}
