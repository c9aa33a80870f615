import { CallStatus, Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { JobScheduler } from '@grants/jobs';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { closeJobId, lockCallAndSchedule, openJobId } from '../call-schedule';
import { callNotFound, transitionRefused } from '../calls.errors';
import { CallEntity } from '../entities/call.entity';

/** Until results are published, a call can be called off; its scheduled opening and closing go with it. */
const CANCELLABLE: readonly CallStatus[] = ['DRAFT', 'SCHEDULED', 'OPEN', 'CLOSED', 'UNDER_EVALUATION'];

@Injectable()
export class CancelCallUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly scheduler: JobScheduler,
  ) {}

  async execute(callId: string, reason: string): Promise<CallEntity> {
    return this.ds.transaction(async (m) => {
      await lockCallAndSchedule(m, callId);
      const repo = m.getRepository(CallEntity);
      const call = await repo.findOneBy({ id: callId });
      if (!call) throw callNotFound(callId);
      if (!CANCELLABLE.includes(call.status)) throw transitionRefused('cancelled', call.status);
      const previousStatus = call.status;
      const now = new Date();
      call.status = 'CANCELLED';
      call.cancelledAt = now;
      call.cancelReason = reason;
      call.updatedAt = now;
      await repo.save(call);
      await this.scheduler.cancelInTx(m, openJobId(callId));
      await this.scheduler.cancelInTx(m, closeJobId(callId));
      // Nobody outside this service ever saw a draft: there is nothing to announce.
      if (previousStatus !== 'DRAFT') {
        await this.outbox.append(m, {
          topic: Topics.CallCancelledV1,
          aggregateId: callId,
          payload: { callId, referenceCode: call.referenceCode, previousStatus, reason, cancelledAt: now.toISOString() },
        });
      }
      await appendAudit(m, {
        action: 'call.cancelled',
        entityType: 'call',
        entityId: callId,
        before: { status: previousStatus },
        after: { status: 'CANCELLED', reason },
      });
      return call;
    });
  }
}
