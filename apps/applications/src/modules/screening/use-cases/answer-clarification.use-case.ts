import { AuthUser } from '@grants/auth';
import { Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { JobHandler, ScheduledJob } from '@grants/jobs';
import { OutboxWriter } from '@grants/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { IsString, Length } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { addTimeline, loadApplication } from '../../submissions/application-store';
import { parseBody } from '../../submissions/content-input';
import { IsCleanText } from '../../submissions/dto/application-content.dto';
import { ownApplicationForUpdate } from '../../submissions/use-cases/edit-draft.use-case';
import { clarificationExpired, noOpenClarification } from '../screening.errors';
import { CLARIFICATION_DUE_JOB, SCREENING_QUEUE } from '../screening.jobs';

export class ClarificationAnswerDto {
  @IsString() @IsCleanText() @Length(1, 10_000) answer!: string;
}

/** The applicant answers the officer's question in time; the application waits for the decision again. */
@Injectable()
export class AnswerClarificationUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(applicationId: string, user: AuthUser, raw: unknown) {
    const { answer } = await parseBody(ClarificationAnswerDto, raw);
    return this.ds.transaction(async (m) => {
      const now = new Date();
      const app = await ownApplicationForUpdate(m, applicationId, user);
      const [c] = await m.query(`SELECT id, respond_by FROM clarification WHERE application_id = $1 AND status = 'OPEN' FOR UPDATE`, [app.id]);
      if (!c) throw noOpenClarification();
      // The server clock decides, even before the expiry job has run.
      if (now >= c.respond_by) throw clarificationExpired(c.respond_by.toISOString());
      await m.query(`UPDATE clarification SET status = 'ANSWERED', answer = $2, answered_at = $3 WHERE id = $1`, [c.id, answer, now]);
      await m.query(`UPDATE application SET screening = 'PENDING', updated_at = $2 WHERE id = $1`, [app.id, now]);
      await addTimeline(m, app.id, 'CLARIFICATION_ANSWERED', now, null, { clarificationId: c.id });
      await appendAudit(m, {
        action: 'application.clarification-answered',
        entityType: 'application',
        entityId: app.id,
        before: { screening: app.screening },
        after: { screening: 'PENDING', clarificationId: c.id },
      });
      await this.outbox.append(m, {
        topic: Topics.ApplicationStatusChangedV1,
        aggregateId: app.id,
        payload: {
          applicationId: app.id,
          callId: app.callId,
          applicantUserId: app.applicantUserId!,
          reference: app.reference!,
          status: 'CLARIFICATION_ANSWERED',
          changedAt: now.toISOString(),
        },
      });
      return { applicationId: app.id, clarificationId: c.id, status: 'ANSWERED', answeredAt: now.toISOString() };
    });
  }
}

/** At the end of the time to answer: an unanswered clarification expires; the officer then decides. */
@Injectable()
export class ClarificationDueJob implements JobHandler {
  readonly queue = SCREENING_QUEUE;
  readonly name = CLARIFICATION_DUE_JOB;
  private readonly logger = new Logger('ClarificationDueJob');

  constructor(private readonly outbox: OutboxWriter) {}

  async run(job: ScheduledJob, m: EntityManager): Promise<void> {
    const clarificationId = String(job.payload.clarificationId);
    const [rows] = await m.query(
      `UPDATE clarification SET status = 'EXPIRED' WHERE id = $1 AND status = 'OPEN' RETURNING application_id`,
      [clarificationId],
    );
    const [c] = rows as { application_id: string }[];
    if (!c) return; // answered or closed in time
    const now = new Date();
    const app = (await loadApplication(m, c.application_id, { lock: true }))!;
    await m.query(`UPDATE application SET screening = 'CLARIFICATION_EXPIRED', updated_at = $2 WHERE id = $1 AND screening = 'CLARIFICATION_REQUESTED'`, [
      app.id,
      now,
    ]);
    await addTimeline(m, app.id, 'CLARIFICATION_EXPIRED', now, null, { clarificationId });
    await appendAudit(m, {
      action: 'application.clarification-expired',
      entityType: 'application',
      entityId: app.id,
      actorId: 'system:scheduler',
      before: { screening: app.screening },
      after: { screening: 'CLARIFICATION_EXPIRED', clarificationId },
    });
    await this.outbox.append(m, {
      topic: Topics.ApplicationStatusChangedV1,
      aggregateId: app.id,
      payload: {
        applicationId: app.id,
        callId: app.callId,
        applicantUserId: app.applicantUserId!,
        reference: app.reference!,
        status: 'CLARIFICATION_EXPIRED',
        changedAt: now.toISOString(),
      },
    });
    this.logger.log(`clarification ${clarificationId} expired unanswered (jobId=${job.id})`);
  }
}
