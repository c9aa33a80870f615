import { currentContext } from '@grants/common';
import { Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { alreadyAwarded, callNotReplicated, entryNotFound, evaluatedCall, overBudget } from '../awards.errors';
import { GrantAwardDto } from '../dto/grant-award.dto';

export interface AwardView {
  awardId: string;
  callId: string;
  applicationId: string;
  amountMinor: string;
  currency: string;
  rank: number | null;
}

@Injectable()
export class GrantAwardUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(applicationId: string, dto: GrantAwardDto): Promise<AwardView> {
    return this.ds.transaction(async (m) => {
      const [entry] = await m.query(`SELECT call_id FROM entry WHERE application_id = $1`, [applicationId]);
      if (!entry) throw entryNotFound(applicationId);
      // Locking the call's replica serialises awards of one call: the budget check holds.
      const [call] = await m.query(`SELECT currency, budget_minor FROM call_replica WHERE call_id = $1 FOR UPDATE`, [entry.call_id]);
      if (!call) throw callNotReplicated(entry.call_id);
      // Once a call is evaluated, its awards come from the published selection (and its reserve list).
      const [evaluated] = await m.query(`SELECT 1 FROM call_evaluation WHERE call_id = $1`, [entry.call_id]);
      if (evaluated) throw evaluatedCall(entry.call_id);
      const [existing] = await m.query(`SELECT 1 FROM award WHERE application_id = $1`, [applicationId]);
      if (existing) throw alreadyAwarded(applicationId);
      const [{ total }] = await m.query(
        `SELECT COALESCE(sum(amount_minor), 0)::text AS total FROM award WHERE call_id = $1 AND status = 'ACTIVE'`,
        [entry.call_id],
      );
      const amount = BigInt(dto.amountMinor);
      if (BigInt(total) + amount > BigInt(call.budget_minor)) throw overBudget(call.budget_minor, (BigInt(total) + amount).toString());

      const award: AwardView = {
        awardId: randomUUID(),
        callId: entry.call_id,
        applicationId,
        amountMinor: amount.toString(),
        currency: call.currency.trim(),
        rank: dto.rank ?? null,
      };
      await m.query(
        `INSERT INTO award (id, call_id, application_id, amount_minor, currency, rank, granted_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [award.awardId, award.callId, applicationId, award.amountMinor, award.currency, award.rank, currentContext()?.actorId ?? null],
      );
      await this.outbox.append(m, {
        topic: Topics.AwardGrantedV1,
        aggregateId: award.awardId,
        payload: {
          awardId: award.awardId,
          callId: award.callId,
          applicationId,
          amountMinor: award.amountMinor,
          currency: award.currency,
          ...(award.rank ? { rank: award.rank } : {}),
        },
      });
      await appendAudit(m, {
        action: 'award.granted',
        entityType: 'award',
        entityId: award.awardId,
        after: { callId: award.callId, applicationId, amountMinor: award.amountMinor, prizeRank: award.rank, via: 'MANUAL' },
      });
      return award;
    });
  }
}
