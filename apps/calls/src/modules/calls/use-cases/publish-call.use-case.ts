import { Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { JobScheduler, JobSpec } from '@grants/jobs';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { closeJob, openJob } from '../call-schedule';
import { callInvalid, callNotDraft, callNotFound } from '../calls.errors';
import { ProgrammeBudget } from '../domain/call-draft';
import { publicationProblems } from '../domain/call-rules';
import { callSnapshot } from '../domain/call-snapshot';
import { CallVersionEntity } from '../entities/call-version.entity';
import { CallEntity } from '../entities/call.entity';

@Injectable()
export class PublishCallUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly scheduler: JobScheduler,
  ) {}

  /**
   * Validates everything at once; a call with problems stays a draft (nothing is written). A valid
   * one becomes SCHEDULED (or OPEN at once when it opens on publication), its opening and closing
   * are scheduled in the same transaction, and `calls.call.published.v1` carries its full snapshot.
   */
  async execute(callId: string): Promise<CallEntity> {
    const wakes: JobSpec[] = [];
    const call = await this.ds.transaction(async (m) => {
      const repo = m.getRepository(CallEntity);
      const call = await repo.findOne({ where: { id: callId }, lock: { mode: 'pessimistic_write' } });
      if (!call) throw callNotFound(callId);
      if (call.status !== 'DRAFT') throw callNotDraft(call.status);
      const now = new Date();
      const programme = await this.programmeBudget(m, call);
      const problems = publicationProblems(call, now, programme);
      if (problems.length) throw callInvalid(problems);

      const opensNow = call.opensAt === null;
      call.opensAt ??= now;
      call.status = opensNow ? 'OPEN' : 'SCHEDULED';
      call.openedAt = opensNow ? now : null;
      call.publishedAt = now;
      call.updatedAt = now;
      call.version = 1;
      await repo.save(call);

      const snapshot = callSnapshot(call);
      await m.getRepository(CallVersionEntity).insert({
        callId: call.id,
        version: 1,
        reason: 'published',
        changes: [],
        snapshot,
        createdBy: call.createdBy,
        createdAt: now,
      });
      await this.outbox.append(m, { topic: Topics.CallPublishedV1, aggregateId: call.id, payload: snapshot });
      if (opensNow) {
        await this.outbox.append(m, {
          topic: Topics.CallOpenedV1,
          aggregateId: call.id,
          payload: {
            callId: call.id,
            referenceCode: call.referenceCode,
            opensAt: call.opensAt.toISOString(),
            closesAt: call.closesAt.toISOString(),
            openedAt: now.toISOString(),
            version: call.version,
          },
        });
      } else {
        wakes.push(openJob(call.id, call.opensAt));
      }
      wakes.push(closeJob(call.id, call.closesAt));
      for (const spec of wakes) await this.scheduler.scheduleInTx(m, spec);
      await appendAudit(m, {
        action: 'call.published',
        entityType: 'call',
        entityId: call.id,
        before: { status: 'DRAFT' },
        after: { status: call.status, version: 1, opensAt: call.opensAt.toISOString(), closesAt: call.closesAt.toISOString() },
      });
      return call;
    });
    // After the commit: a wake-up sent earlier could find nothing to run. If Redis is away, the
    // reconciler adds it.
    for (const spec of wakes) await this.scheduler.wake(spec);
    return call;
  }

  /** The programme's row is locked, so two calls published at once cannot both take its last money. */
  private async programmeBudget(m: EntityManager, call: CallEntity): Promise<ProgrammeBudget | null | undefined> {
    if (!call.programmeId) return undefined;
    const [row] = await m.query(`SELECT id, currency, budget_minor FROM programme WHERE id = $1 FOR UPDATE`, [call.programmeId]);
    if (!row) return null;
    const [{ committed }] = await m.query(
      `SELECT coalesce(sum(budget_minor), 0)::text AS committed FROM call
        WHERE programme_id = $1 AND id <> $2 AND status NOT IN ('DRAFT', 'CANCELLED')`,
      [call.programmeId, call.id],
    );
    return { id: row.id, currency: row.currency, budgetMinor: BigInt(row.budget_minor), committedMinor: BigInt(committed) };
  }
}
