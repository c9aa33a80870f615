import { assertCanAccess, AuthUser } from '@grants/auth';
import { ConflictError, NotFoundError } from '@grants/common';
import { APPEAL_DECISIONS, AppealDecision, AppealStage, Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { IsIn, IsString, Length } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CallReplicaStore } from '../call-replica/call-replica.store';
import { announceEligibility } from '../screening/use-cases/decide-eligibility.use-case';
import { appendWithoutActor } from '../submissions/anonymous-outbox';
import { addTimeline, loadApplication } from '../submissions/application-store';
import { parseBody } from '../submissions/content-input';
import { IsCleanText } from '../submissions/dto/application-content.dto';
import { applicationNotFound, formatInZone } from '../submissions/submissions.errors';
import { ownApplicationForUpdate } from '../submissions/use-cases/edit-draft.use-case';

export class FileAppealDto {
  @IsString() @IsCleanText() @Length(1, 10_000) grounds!: string;
}

export class AppealDecisionDto {
  @IsIn(APPEAL_DECISIONS) decision!: AppealDecision;
  @IsString() @IsCleanText() @Length(1, 2000) reason!: string;
}

const notAppealable = (why: string) => new ConflictError('APPEAL.NOT_ALLOWED', why);
const appealNotFound = (id: string) => new NotFoundError('APPEAL.NOT_FOUND', `No appeal ${id}`);
const DAY = 24 * 3600 * 1000;

/**
 * Appeals within the call's appeal window: against an ineligibility decision (counted from the
 * decision) or against the results (counted from their publication). An officer upholds or
 * rejects each with a reason; evaluation hears of both, so it can re-examine.
 */
@Injectable()
export class AppealsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly calls: CallReplicaStore,
  ) {}

  async file(applicationId: string, user: AuthUser, raw: unknown) {
    const { grounds } = await parseBody(FileAppealDto, raw);
    return this.ds.transaction(async (m) => {
      const now = new Date();
      const app = await ownApplicationForUpdate(m, applicationId, user);
      const call = await this.calls.get(m, app.callId);
      const days = call.rules.appealWindowDays ?? 0;
      if (app.status !== 'SUBMITTED') throw notAppealable('Only a submitted application can be appealed for');
      if (!days) throw notAppealable('This call has no appeal window');
      let stage: AppealStage;
      let from: Date;
      if (app.screening === 'INELIGIBLE' && app.decidedAt) [stage, from] = ['ELIGIBILITY', app.decidedAt];
      else if (app.resultsPublishedAt) [stage, from] = ['RESULTS', app.resultsPublishedAt];
      else throw notAppealable('There is nothing to appeal against yet: an ineligibility decision or the results');
      const until = new Date(from.getTime() + days * DAY);
      if (now > until) throw notAppealable(`The appeal window of ${days} day(s) ended at ${formatInZone(until, call.timeZone)}`);
      const id = randomUUID();
      const inserted = await m.query(
        `INSERT INTO appeal (id, application_id, stage, grounds, filed_at, status) VALUES ($1, $2, $3, $4, $5, 'FILED')
         ON CONFLICT (application_id, stage) DO NOTHING RETURNING id`,
        [id, app.id, stage, grounds, now],
      );
      if (!inserted.length) throw new ConflictError('APPEAL.ALREADY_FILED', `An appeal against this ${stage.toLowerCase()} decision was already filed`);
      await addTimeline(m, app.id, 'APPEAL_FILED', now, null, { appealId: id, stage });
      await appendAudit(m, { action: 'appeal.filed', entityType: 'application', entityId: app.id, before: null, after: { appealId: id, stage } });
      const base = { applicationId: app.id, callId: app.callId, reference: app.reference! };
      await appendWithoutActor(this.outbox, m, { topic: Topics.AppealFiledV1, aggregateId: app.id, payload: { appealId: id, ...base, stage, filedAt: now.toISOString() } });
      await this.outbox.append(m, {
        topic: Topics.ApplicationStatusChangedV1,
        aggregateId: app.id,
        payload: { ...base, applicantUserId: app.applicantUserId!, status: 'APPEAL_FILED', changedAt: now.toISOString() },
      });
      return { appealId: id, applicationId: app.id, stage, status: 'FILED', filedAt: now.toISOString(), windowEndsAt: until.toISOString() };
    });
  }

  async decide(applicationId: string, appealId: string, officer: AuthUser, raw: unknown) {
    const body = await parseBody(AppealDecisionDto, raw);
    return this.ds.transaction(async (m) => {
      const now = new Date();
      const app = await loadApplication(m, applicationId, { lock: true });
      if (!app || app.status === 'DRAFT') throw applicationNotFound(applicationId);
      const [a] = await m.query(`SELECT id, stage, status FROM appeal WHERE id = $1 AND application_id = $2 FOR UPDATE`, [appealId, applicationId]);
      if (!a) throw appealNotFound(appealId);
      if (a.status !== 'FILED') throw new ConflictError('APPEAL.ALREADY_DECIDED', `The appeal was already ${a.status.toLowerCase()}`);
      await m.query(`UPDATE appeal SET status = $2, decision_reason = $3, decided_by = $4, decided_at = $5 WHERE id = $1`, [
        appealId,
        body.decision,
        body.reason,
        officer.id,
        now,
      ]);
      await addTimeline(m, app.id, `APPEAL_${body.decision}`, now, body.reason, { appealId, stage: a.stage });
      await appendAudit(m, {
        action: 'appeal.decided',
        entityType: 'application',
        entityId: app.id,
        before: { appealId, status: 'FILED' },
        after: { appealId, status: body.decision, stage: a.stage, reason: body.reason },
      });
      const base = { applicationId: app.id, callId: app.callId, reference: app.reference! };
      await this.outbox.append(m, {
        topic: Topics.AppealDecidedV1,
        aggregateId: app.id,
        payload: { appealId, ...base, stage: a.stage, decision: body.decision, reason: body.reason, decidedAt: now.toISOString() },
      });
      await this.outbox.append(m, {
        topic: Topics.ApplicationStatusChangedV1,
        aggregateId: app.id,
        payload: { ...base, applicantUserId: app.applicantUserId!, status: `APPEAL_${body.decision}`, changedAt: now.toISOString(), note: body.reason },
      });
      if (body.decision === 'UPHELD' && a.stage === 'ELIGIBILITY') {
        // The ineligibility falls: the entry goes to the jury after all.
        await m.query(
          `UPDATE application SET screening = 'ELIGIBLE', outcome = COALESCE(outcome, 'UNDER_REVIEW'), decision_reason = $2,
                  decided_at = $3, decided_by = $4, updated_at = $3 WHERE id = $1`,
          [app.id, `appeal upheld: ${body.reason}`, now, officer.id],
        );
        await addTimeline(m, app.id, 'ELIGIBLE', now, body.reason);
        await addTimeline(m, app.id, 'UNDER_REVIEW', now);
        await announceEligibility(m, this.outbox, app, true, undefined, now);
      }
      return { appealId, applicationId: app.id, stage: a.stage, status: body.decision, reason: body.reason, decidedAt: now.toISOString() };
    });
  }

  async list(applicationId: string, user: AuthUser) {
    const app = await loadApplication(this.ds.manager, applicationId);
    if (!app || (app.status === 'DRAFT' && app.applicantUserId !== user.id)) throw applicationNotFound(applicationId);
    assertCanAccess(user, app.applicantUserId, ['PROGRAMME_OFFICER'], () => applicationNotFound(applicationId));
    const rows = await this.ds.query(
      `SELECT id, stage, grounds, filed_at AS "filedAt", status, decision_reason AS "decisionReason", decided_at AS "decidedAt"
         FROM appeal WHERE application_id = $1 ORDER BY filed_at`,
      [applicationId],
    );
    return { applicationId, appeals: rows };
  }
}
