import { AppealDecidedV1, EventEnvelope, Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { evaluationSettings } from '../workflow/call-settings';
import { EvaluationRepository } from '../workflow/evaluation.repository';
import { StaffingService } from '../workflow/staffing.service';

/**
 * An upheld appeal against the results: the entry is re-evaluated in a new round by evaluators who
 * have not seen it (everyone who ever held it is excluded). When the new round is final, the
 * results are recomputed and the differences published as an amendment (EntrySettlementService).
 * Every appeal is recorded; the ones evaluation has nothing to do for say why.
 */
@Injectable()
export class AppealDecidedHandler implements EventHandler<AppealDecidedV1> {
  readonly topic = Topics.AppealDecidedV1;

  constructor(
    private readonly repo: EvaluationRepository,
    private readonly staffing: StaffingService,
  ) {}

  async handle(e: EventEnvelope<AppealDecidedV1>, m: EntityManager): Promise<void> {
    const a = e.payload;
    const upheld = a.decision === 'UPHELD';
    const inserted: unknown[] = await m.query(
      `INSERT INTO appeal_review (appeal_id, application_id, call_id, stage, upheld, status)
       VALUES ($1, $2, $3, $4, $5, 'NOT_APPLICABLE') ON CONFLICT DO NOTHING RETURNING 1`,
      [a.appealId, a.applicationId, a.callId, a.stage, upheld],
    );
    if (!inserted.length) return;
    const note = (text: string) => m.query(`UPDATE appeal_review SET note = $2 WHERE appeal_id = $1`, [a.appealId, text]);
    if (!upheld) return void (await note('rejected: nothing to re-examine'));
    if (a.stage !== 'RESULTS') return void (await note('eligibility appeal: a new eligibility decision follows'));

    const call = await this.repo.findCall(m, a.callId, true);
    if (!call) return void (await note('the call is not known to evaluation'));
    const ce = await this.repo.callEvaluation(m, a.callId);
    if (ce?.status !== 'RESULTS_PUBLISHED') return void (await note('results are not published yet'));
    const settings = evaluationSettings(call.snapshot).settings;
    const entry = await this.repo.entry(m, a.applicationId);
    if (!settings || !entry || entry.eligible !== true || !entry.hasContent) return void (await note('the entry was not ranked'));
    if ((await this.repo.appealsUnderReview(m, a.callId)).has(a.applicationId)) return void (await note('already being re-evaluated'));

    const round = await this.repo.nextRound(m, a.applicationId);
    await m.query(`UPDATE appeal_review SET status = 'RE_EVALUATING', round = $2 WHERE appeal_id = $1`, [a.appealId, round]);
    const report = await this.staffing.run(m, a.callId, settings.evaluatorsPerEntry, { reason: 'RE_EVALUATION', entryIds: [a.applicationId] });
    await appendAudit(m, {
      action: 'appeal.re-evaluation-started',
      entityType: 'entry',
      entityId: a.applicationId,
      after: { appealId: a.appealId, round, assigned: report.assigned, shortfall: report.shortfalls[0]?.message ?? null },
      actorId: null,
    });
  }
}
