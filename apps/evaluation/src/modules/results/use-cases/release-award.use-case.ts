import { AuthUser } from '@grants/auth';
import { RankedResultV1, Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { promoteFromReserve, SelectionResult } from '../../evaluation-domain';
import { awardNotActive, awardNotFound, recoveredInvalid } from '../../workflow/evaluation.errors';
import { EvaluationRepository, parseStored } from '../../workflow/evaluation.repository';
import { ResultsService } from '../../workflow/results.service';

/**
 * An award is declined (by the awardee, recorded by the officer) or revoked. Its money — what is
 * recovered of it — returns to the pool and the reserve list is walked by the stored selection
 * (promoteFromReserve): the first reserve entry the money allows is awarded at once. Events for
 * both: the release, each promotion (plus its `award.granted`), and the next results revision.
 */
@Injectable()
export class ReleaseAwardUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly results: ResultsService,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(awardId: string, kind: 'DECLINED' | 'REVOKED', reason: string, recoveredMinor: string | undefined, officer: AuthUser) {
    return this.ds.transaction(async (m) => {
      const first = await this.repo.award(m, awardId);
      if (!first) throw awardNotFound(awardId);
      const call = await this.repo.lockCall(m, first.callId);
      const award = (await this.repo.award(m, awardId, true))!;
      if (award.status !== 'ACTIVE') throw awardNotActive(award.status);
      const recovered = recoveredMinor === undefined ? award.amountMinor : BigInt(recoveredMinor);
      if (recovered < 0n || recovered > award.amountMinor) throw recoveredInvalid(award.amountMinor.toString());
      const now = new Date().toISOString();
      await this.repo.releaseAward(m, awardId, kind, reason, recovered);
      await this.outbox.append(m, {
        topic: kind === 'DECLINED' ? Topics.AwardDeclinedV1 : Topics.AwardRevokedV1,
        aggregateId: awardId,
        payload: {
          awardId,
          callId: call.callId,
          applicationId: award.applicationId,
          amountMinor: award.amountMinor.toString(),
          currency: award.currency,
          recoveredMinor: recovered.toString(),
          ...(award.prizeRank ? { rank: award.prizeRank } : {}),
          releasedAt: now,
        },
      });

      const ce = await this.repo.callEvaluation(m, call.callId);
      const selection = parseStored<SelectionResult>(ce?.selectionText ?? null);
      const promoted: { awardId: string; applicationId: string; amountMinor: string; prizeRank: number | null; position: number }[] = [];
      let remainingMinor: string | null = null;
      let message = `${award.applicationId} ${kind.toLowerCase()}; it was not part of a published selection: nobody promoted`;
      if (ce?.status === 'RESULTS_PUBLISHED' && selection && selection.awards.some((a) => a.entryId === award.applicationId)) {
        const promotion = promoteFromReserve(selection, { entryId: award.applicationId, kind, recoveredMinor: recovered });
        message = promotion.message;
        remainingMinor = promotion.selection.remainingMinor.toString();
        for (const p of promotion.promoted) {
          const newId = await this.results.grant(m, call, p, 'PROMOTION', officer.id, awardId);
          await this.outbox.append(m, {
            topic: Topics.ReservePromotedV1,
            aggregateId: newId,
            payload: {
              callId: call.callId,
              applicationId: p.entryId,
              awardId: newId,
              replacesAwardId: awardId,
              position: p.position,
              amountMinor: p.amountMinor.toString(),
              currency: call.currency,
              ...(p.prizeRank ? { rank: p.prizeRank } : {}),
              promotedAt: now,
            },
          });
          promoted.push({ awardId: newId, applicationId: p.entryId, amountMinor: p.amountMinor.toString(), prizeRank: p.prizeRank ?? null, position: p.position });
        }
        // The ranking stands; only outcomes change: republish it as the next revision.
        const published: RankedResultV1[] = JSON.parse(ce.publishedRankingText ?? '[]');
        const ranking = published.map((r) => ({ position: r.position, entryId: r.applicationId, reference: r.reference, finalHundredths: r.finalHundredths, passed: r.passed }));
        await this.results.announce(m, call, ranking, promotion.selection, ce.resultsRevision + 1);
      }
      await appendAudit(m, {
        action: kind === 'DECLINED' ? 'award.declined' : 'award.revoked',
        entityType: 'award',
        entityId: awardId,
        before: { status: 'ACTIVE', amountMinor: award.amountMinor.toString() },
        after: { status: kind, reason, recoveredMinor: recovered.toString(), promoted, message },
        actorId: officer.id,
      });
      return {
        awardId,
        applicationId: award.applicationId,
        status: kind,
        recoveredMinor: recovered.toString(),
        promoted,
        message,
        remainingMinor,
      };
    });
  }
}
