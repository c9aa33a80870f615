import { AuthUser } from '@grants/auth';
import { Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { IsString, Length } from 'class-validator';
import { DataSource } from 'typeorm';
import { assertOpen, CallReplicaStore } from '../../call-replica/call-replica.store';
import { appendWithoutActor } from '../anonymous-outbox';
import { addTimeline } from '../application-store';
import { parseBody } from '../content-input';
import { IsCleanText } from '../dto/application-content.dto';
import { notEditable, notSubmitted } from '../submissions.errors';
import { ownApplicationForUpdate } from './edit-draft.use-case';

export class WithdrawApplicationDto {
  @IsString() @IsCleanText() @Length(1, 2000) reason!: string;
}

/**
 * Withdrawal before the deadline, with a reason. The entry leaves the competition (evaluation is
 * told, without the reason) and the one-per-applicant slot is free again.
 */
@Injectable()
export class WithdrawApplicationUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly calls: CallReplicaStore,
  ) {}

  async execute(id: string, user: AuthUser, raw: unknown) {
    const { reason } = await parseBody(WithdrawApplicationDto, raw);
    return this.ds.transaction(async (m) => {
      const now = new Date();
      const app = await ownApplicationForUpdate(m, id, user);
      if (app.status === 'WITHDRAWN') throw notEditable(app.status);
      if (app.status !== 'SUBMITTED') throw notSubmitted();
      assertOpen(await this.calls.get(m, app.callId), now);
      await m.query(
        `UPDATE application SET status = 'WITHDRAWN', holds_slot = false, withdrawn_at = $2, withdrawal_reason = $3, updated_at = $2 WHERE id = $1`,
        [id, now, reason],
      );
      await addTimeline(m, id, 'WITHDRAWN', now, reason);
      await appendAudit(m, {
        action: 'application.withdrawn',
        entityType: 'application',
        entityId: id,
        before: { status: app.status },
        after: { status: 'WITHDRAWN', withdrawnAt: now.toISOString() },
      });
      await appendWithoutActor(this.outbox, m, {
        topic: Topics.ApplicationWithdrawnV1,
        aggregateId: id,
        payload: { applicationId: id, callId: app.callId, reference: app.reference!, withdrawnAt: now.toISOString() },
      });
      await this.outbox.append(m, {
        topic: Topics.ApplicationStatusChangedV1,
        aggregateId: id,
        payload: {
          applicationId: id,
          callId: app.callId,
          applicantUserId: app.applicantUserId!,
          reference: app.reference!,
          status: 'WITHDRAWN',
          changedAt: now.toISOString(),
        },
      });
      return { applicationId: id, reference: app.reference, status: 'WITHDRAWN', withdrawnAt: now.toISOString() };
    });
  }
}
