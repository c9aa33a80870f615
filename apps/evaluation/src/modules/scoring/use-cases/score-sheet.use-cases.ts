import { AuthUser } from '@grants/auth';
import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { FieldProblem } from '@grants/common';
import { formatHundredths, Rubric, ScoreProblem, scoreSheet, ScoreSheet, validateScoreSheet } from '../../evaluation-domain';
import { EvaluationSettings } from '../../workflow/call-settings';
import { EntrySettlementService, settingsOf } from '../../workflow/entry-settlement.service';
import { alreadySubmitted, reviewNotFound, roundClosed, sheetInvalid, sheetLocked } from '../../workflow/evaluation.errors';
import { AssignmentRecord, CallRecord, EvaluationRepository } from '../../workflow/evaluation.repository';
import { StaffingService } from '../../workflow/staffing.service';
import { ScoreSheetDto, SubmitScoreSheetDto } from '../dto/scoring.dto';

const COMMENT_MAX = 5000;

interface Held {
  call: CallRecord;
  settings: EvaluationSettings;
  assignment: AssignmentRecord;
}

/**
 * The evaluator's own assignment under the call's lock, or the same 404 whether the entry does not
 * exist, is not assigned to them, or was released from them.
 */
async function holdAssignment(m: EntityManager, repo: EvaluationRepository, user: AuthUser, applicationId: string): Promise<Held> {
  const first = await repo.assignmentOf(m, applicationId, user.id);
  if (!first || first.status !== 'ACTIVE') throw reviewNotFound(applicationId);
  const call = await repo.lockCall(m, first.callId);
  const assignment = await repo.assignmentOf(m, applicationId, user.id, true);
  if (!assignment || assignment.status !== 'ACTIVE') throw reviewNotFound(applicationId);
  const entry = await repo.entry(m, applicationId);
  if (!entry || entry.round !== assignment.round) throw roundClosed();
  return { call, settings: settingsOf(call), assignment };
}

/** A problem of the pure score-sheet check under the platform's problem codes, with the rubric's numbers. */
function problemOfScore(p: ScoreProblem, rubric: Rubric): FieldProblem {
  const c = rubric.criteria.find((x) => p.field === `scores.${x.id}` || p.field === `comments.${x.id}`);
  const { field, reason } = p;
  switch (p.code) {
    case 'MISSING':
      return { field, code: 'REQUIRED', reason };
    case 'NOT_A_NUMBER':
      return { field, code: 'TYPE', params: { expected: 'number' }, reason };
    case 'OUT_OF_RANGE':
      return c ? { field, code: 'MAX', params: { max: c.maxScore }, reason } : { field, code: 'INVALID', reason };
    case 'OFF_STEP':
      return c ? { field, code: 'STEP', params: { step: c.step }, reason } : { field, code: 'INVALID', reason };
    case 'COMMENT_REQUIRED':
      return { field, code: 'REQUIRED_BY_RULE', params: { because: 'SCORE_BELOW_THRESHOLD', ...(c?.threshold !== undefined ? { threshold: c.threshold } : {}) }, reason };
    case 'UNKNOWN_CRITERION':
      return { field, code: 'ONE_OF', params: { allowed: rubric.criteria.map((x) => x.id) }, reason };
    default:
      return { field, code: 'INVALID', reason };
  }
}

/** Scores and comments as the pure core takes them; comments only for the rubric's criteria. */
function sheetOf(settings: EvaluationSettings, scores: Record<string, unknown>, comments: Record<string, unknown> | undefined) {
  const problems: FieldProblem[] = [];
  const ids = new Set(settings.rubric.criteria.map((c) => c.id));
  const cleanComments: Record<string, string> = {};
  for (const [k, v] of Object.entries(comments ?? {})) {
    if (!ids.has(k)) problems.push({ field: `comments.${k}`, code: 'ONE_OF', params: { allowed: [...ids] }, reason: 'not a criterion of this rubric' });
    else if (v === null || v === undefined || v === '') continue;
    else if (typeof v !== 'string') problems.push({ field: `comments.${k}`, code: 'TYPE', params: { expected: 'string' }, reason: 'must be text' });
    else if (v.length > COMMENT_MAX) problems.push({ field: `comments.${k}`, code: 'TOO_LONG', params: { max: COMMENT_MAX }, reason: `must be at most ${COMMENT_MAX} characters` });
    else cleanComments[k] = v;
  }
  const sheet: ScoreSheet = { scores: scores as Record<string, number>, comments: cleanComments };
  return { sheet, problems };
}

export function sheetView(s: { status: string; scores: unknown; comments: unknown; totalHundredths: number | null; submittedAt: Date | null } | null) {
  if (!s) return null;
  return {
    status: s.status,
    scores: s.scores,
    comments: s.comments,
    totalHundredths: s.totalHundredths,
    totalScore: s.totalHundredths === null ? null : formatHundredths(s.totalHundredths),
    submittedAt: s.submittedAt ? s.submittedAt.toISOString() : null,
  };
}

/**
 * Saving and submitting a score sheet. Scores per criterion within range and on the step, a
 * comment below a criterion's threshold; a submitted sheet is locked. Submitting lets the call's
 * divergence rule act at once (a third evaluator for a divergent pair).
 */
@Injectable()
export class ScoreSheetUseCases {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly settlement: EntrySettlementService,
  ) {}

  async save(user: AuthUser, applicationId: string, dto: ScoreSheetDto) {
    return this.ds.transaction(async (m) => {
      const { settings, assignment } = await holdAssignment(m, this.repo, user, applicationId);
      if (assignment.sheetStatus === 'SUBMITTED') throw sheetLocked();
      const { sheet, problems } = sheetOf(settings, dto.scores, dto.comments);
      problems.push(...validateScoreSheet(settings.rubric, sheet, { requireAll: false }).map((p) => problemOfScore(p, settings.rubric)));
      if (problems.length) throw sheetInvalid(problems);
      const scores = Object.fromEntries(Object.entries(sheet.scores).filter(([, v]) => v !== null && v !== undefined)) as Record<string, number>;
      await this.repo.saveDraft(m, assignment, scores, sheet.comments as Record<string, string>);
      await appendAudit(m, {
        action: 'score-sheet.saved',
        entityType: 'score-sheet',
        entityId: assignment.id,
        after: { applicationId, scores, comments: sheet.comments },
      });
      return { applicationId, sheet: sheetView(await this.repo.sheet(m, assignment.id)) };
    });
  }

  async submit(user: AuthUser, applicationId: string, dto: SubmitScoreSheetDto) {
    return this.ds.transaction(async (m) => {
      const { call, settings, assignment } = await holdAssignment(m, this.repo, user, applicationId);
      if (assignment.sheetStatus === 'SUBMITTED') throw sheetLocked();
      const draft = await this.repo.sheet(m, assignment.id);
      const { sheet, problems } = sheetOf(settings, dto.scores ?? draft?.scores ?? {}, dto.comments ?? draft?.comments ?? {});
      problems.push(...validateScoreSheet(settings.rubric, sheet).map((p) => problemOfScore(p, settings.rubric)));
      if (problems.length) throw sheetInvalid(problems);
      const result = scoreSheet(settings.rubric, sheet);
      await this.repo.submitSheet(m, assignment, sheet.scores as Record<string, number>, sheet.comments as Record<string, string>, result);
      await appendAudit(m, {
        action: 'score-sheet.submitted',
        entityType: 'score-sheet',
        entityId: assignment.id,
        before: draft ? { status: draft.status } : undefined,
        after: { applicationId, status: 'SUBMITTED', scores: sheet.scores, comments: sheet.comments, totalHundredths: result.totalHundredths },
      });
      await this.settlement.settle(m, call, settings, applicationId);
      return {
        applicationId,
        status: 'SUBMITTED',
        totalHundredths: result.totalHundredths,
        totalScore: formatHundredths(result.totalHundredths),
        passed: result.passed,
        thresholdFailures: result.thresholdFailures,
      };
    });
  }
}

/**
 * An evaluator gives an assigned entry back: declining it, or declaring a conflict of interest on
 * it. Either way it is restaffed at once by the same rules, and the evaluator is never offered it
 * again. The evaluator's words are kept for the officer and the audit log, never echoed.
 */
@Injectable()
export class ReleaseReviewUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly staffing: StaffingService,
  ) {}

  async execute(user: AuthUser, applicationId: string, note: string, conflict: boolean) {
    return this.ds.transaction(async (m) => {
      const { call, settings, assignment } = await holdAssignment(m, this.repo, user, applicationId);
      if (assignment.sheetStatus === 'SUBMITTED') throw alreadySubmitted();
      const report = await this.staffing.release(m, call.callId, settings.evaluatorsPerEntry, [
        {
          release: { kind: 'DECLINED', entryId: applicationId, evaluatorId: user.id, conflictDeclared: conflict },
          cause: conflict ? 'CONFLICT_DECLARED' : 'DECLINED',
          note,
        },
      ]);
      await appendAudit(m, {
        action: conflict ? 'assignment.conflict-declared' : 'assignment.declined',
        entityType: 'assignment',
        entityId: assignment.id,
        before: { status: 'ACTIVE' },
        after: { status: 'RELEASED', applicationId, note, reassigned: report.assigned, shortfall: report.shortfalls[0]?.message ?? null },
      });
      return { applicationId, released: true };
    });
  }
}
