import { currentContext } from '@grants/common';
import { Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { JobScheduler, JobSpec } from '@grants/jobs';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { closeJob, lockCallAndSchedule } from '../call-schedule';
import { amendmentInvalid, amendmentRefused, callNotFound, versionMismatch } from '../calls.errors';
import { AmendmentPlan, AmendmentRequest, planAmendment } from '../domain/amendment-rules';
import { callSnapshot } from '../domain/call-snapshot';
import { AmendCallDto } from '../dto/amend-call.dto';
import { CallVersionEntity } from '../entities/call-version.entity';
import { CallEntity } from '../entities/call.entity';
import { refreshSearchFields } from './draft-fields';

@Injectable()
export class AmendCallUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly scheduler: JobScheduler,
  ) {}

  /**
   * A new version of a published call with a reason: extend the deadline, correct a text, add a
   * language. Published as `calls.call.amended.v1` with the new full snapshot. A later deadline
   * moves the scheduled closing in the same transaction.
   */
  async execute(callId: string, dto: AmendCallDto): Promise<{ call: CallEntity; version: CallVersionEntity }> {
    const req: AmendmentRequest = {
      reason: dto.reason,
      closesAt: dto.closesAt ? new Date(dto.closesAt) : undefined,
      texts: dto.texts,
      addSubmissionLanguages: dto.addSubmissionLanguages,
    };
    // Decided once before taking any lock, so a refused amendment never holds up the closing job.
    const current = await this.ds.getRepository(CallEntity).findOneBy({ id: callId });
    if (!current) throw callNotFound(callId);
    this.decide(current, req, dto.expectedVersion);

    const wakes: JobSpec[] = [];
    const result = await this.ds.transaction(async (m) => {
      await lockCallAndSchedule(m, callId);
      const repo = m.getRepository(CallEntity);
      const call = await repo.findOneByOrFail({ id: callId });
      const now = new Date();
      const plan = this.decide(call, req, dto.expectedVersion, now);
      const before = { version: call.version, closesAt: call.closesAt.toISOString(), submissionLanguages: call.submissionLanguages };

      call.closesAt = plan.closesAt;
      call.texts = plan.texts;
      call.submissionLanguages = plan.submissionLanguages;
      call.version += 1;
      call.updatedAt = now;
      refreshSearchFields(call);
      await repo.save(call);

      const snapshot = callSnapshot(call);
      const version = m.getRepository(CallVersionEntity).create({
        callId,
        version: call.version,
        reason: dto.reason,
        changes: plan.changes,
        snapshot,
        createdBy: currentContext()?.actorId ?? null,
        createdAt: now,
      });
      await m.getRepository(CallVersionEntity).insert(version);
      await this.outbox.append(m, {
        topic: Topics.CallAmendedV1,
        aggregateId: callId,
        payload: { callId, version: call.version, reason: dto.reason, changes: plan.changes, amendedAt: now.toISOString(), snapshot },
      });
      if (plan.changes.some((c) => c.type === 'DEADLINE_EXTENDED')) {
        const spec = closeJob(callId, call.closesAt);
        await this.scheduler.scheduleInTx(m, spec);
        wakes.push(spec);
      }
      await appendAudit(m, {
        action: 'call.amended',
        entityType: 'call',
        entityId: callId,
        before,
        after: {
          version: call.version,
          reason: dto.reason,
          changes: plan.changes,
          closesAt: call.closesAt.toISOString(),
          submissionLanguages: call.submissionLanguages,
        },
      });
      return { call, version };
    });
    for (const spec of wakes) await this.scheduler.wake(spec);
    return result;
  }

  private decide(call: CallEntity, req: AmendmentRequest, expectedVersion: number | undefined, now = new Date()): AmendmentPlan {
    if (expectedVersion !== undefined && expectedVersion !== call.version) throw versionMismatch(expectedVersion, call.version);
    const decision = planAmendment(call, req, now);
    if (decision.outcome === 'REFUSED') throw amendmentRefused(decision.reason);
    if (decision.outcome === 'INVALID') throw amendmentInvalid(decision.problems);
    return decision.plan;
  }
}
