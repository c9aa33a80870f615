import { Topics } from '@grants/contracts';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { publicationProblems } from '../call-rules';
import { callInvalid, callNotDraft, callNotFound } from '../calls.errors';
import { CallEntity } from '../entities/call.entity';

@Injectable()
export class PublishCallUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(callId: string): Promise<CallEntity> {
    return this.ds.transaction(async (m) => {
      const call = await m.getRepository(CallEntity).findOne({ where: { id: callId }, lock: { mode: 'pessimistic_write' } });
      if (!call) throw callNotFound(callId);
      if (call.status !== 'DRAFT') throw callNotDraft(call.status);
      const now = new Date();
      const problems = publicationProblems(call, now);
      if (problems.length) throw callInvalid(problems);
      call.status = call.opensAt <= now ? 'OPEN' : 'SCHEDULED';
      call.publishedAt = now;
      await m.save(call);
      await this.outbox.append(m, {
        topic: Topics.CallPublishedV1,
        aggregateId: call.id,
        payload: {
          callId: call.id,
          referenceCode: call.referenceCode,
          kind: call.kind,
          currency: call.currency,
          budgetMinor: call.budgetMinor.toString(),
          opensAt: call.opensAt.toISOString(),
          closesAt: call.closesAt.toISOString(),
          timeZone: call.timeZone,
          blindReview: call.blindReview,
          defaultLanguage: call.defaultLanguage,
          texts: call.texts,
          publishedAt: now.toISOString(),
        },
      });
      return call;
    });
  }
}
