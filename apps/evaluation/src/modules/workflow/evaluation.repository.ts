import type { CallKind, CallPublishedV1, ConflictPartiesV1 } from '@grants/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { parseWithMinorUnits, stringifyWithMinorUnits } from '../evaluation-domain';
import { callNotFound } from './evaluation.errors';

export interface CallRecord {
  callId: string;
  referenceCode: string;
  kind: CallKind;
  currency: string;
  budgetMinor: bigint;
  blindReview: boolean;
  snapshot: CallPublishedV1;
  status: string;
  closedAt: Date | null;
}

/** Conflicts an evaluator declares: in the profile (always) or on accepting one call's panel. */
export interface DeclaredConflictsRecord {
  organisations?: string[];
  municipalities?: string[];
  persons?: string[];
}

export interface ProfileRecord {
  userId: string;
  displayName: string;
  email: string;
  organisation: string | null;
  languages: string[];
  expertise: string[];
  maxLoadPerCall: number | null;
  declared: DeclaredConflictsRecord;
  updatedAt: Date;
}

export type PanelStatus = 'INVITED' | 'ACCEPTED' | 'DECLINED' | 'DROPPED_OUT';

export interface PanelRecord {
  callId: string;
  evaluatorId: string;
  status: PanelStatus;
  maxLoad: number | null;
  declared: DeclaredConflictsRecord;
  invitedAt: Date;
  respondedAt: Date | null;
  profile: ProfileRecord;
}

/** An entry as evaluation knows it: submitted content and/or screening decision. */
export interface EntryRecord {
  applicationId: string;
  callId: string;
  reference: string;
  language: string;
  submittedAt: string;
  round: number;
  /** null: no eligibility decision yet. */
  eligible: boolean | null;
  requestedMinor: bigint | null;
  hasContent: boolean;
}

export type AssignmentStatus = 'ACTIVE' | 'RELEASED';

export interface AssignmentRecord {
  id: string;
  callId: string;
  applicationId: string;
  evaluatorId: string;
  round: number;
  reason: string;
  status: AssignmentStatus;
  releasedReason: string | null;
  createdAt: Date;
  sheetStatus: 'DRAFT' | 'SUBMITTED' | null;
}

export interface SheetRecord {
  assignmentId: string;
  applicationId: string;
  evaluatorId: string;
  round: number;
  status: 'DRAFT' | 'SUBMITTED';
  scores: Record<string, number>;
  comments: Record<string, string>;
  totalHundredths: number | null;
  criterionHundredths: Record<string, number> | null;
  thresholdFailures: string[] | null;
  passed: boolean | null;
  submittedAt: Date | null;
  reopenedCount: number;
}

export type CallEvaluationStatus = 'IN_PROGRESS' | 'PROPOSED' | 'RESULTS_PUBLISHED';

export interface CallEvaluationRecord {
  callId: string;
  status: CallEvaluationStatus;
  startedAt: Date;
  /** Stored with bigint money (parseWithMinorUnits); shape owned by the results module. */
  proposalText: string | null;
  selectionText: string | null;
  publishedRankingText: string | null;
  resultsRevision: number;
  publishedAt: Date | null;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** Evaluation's SQL, in one place. Every method takes the caller's EntityManager (its transaction). */
@Injectable()
export class EvaluationRepository {
  async findCall(m: EntityManager, callId: string, lock = false): Promise<CallRecord | null> {
    const rows = await m.query(
      `SELECT call_id, reference_code, kind, currency, budget_minor::text AS budget_minor, blind_review, snapshot, status, closed_at
         FROM call_replica WHERE call_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [callId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      callId: r.call_id,
      referenceCode: r.reference_code,
      kind: r.kind,
      currency: String(r.currency).trim(),
      budgetMinor: BigInt(r.budget_minor),
      blindReview: r.blind_review,
      snapshot: r.snapshot,
      status: r.status,
      closedAt: r.closed_at,
    };
  }

  /**
   * Locks the call's replica row: every use case that changes a call's assignments, scores or
   * selection takes it first, so they apply one at a time per call (load caps, budget, divergence).
   */
  async lockCall(m: EntityManager, callId: string): Promise<CallRecord> {
    const call = await this.findCall(m, callId, true);
    if (!call) throw callNotFound(callId);
    return call;
  }

  // ── pool and panels ──

  async profile(m: EntityManager, userId: string): Promise<ProfileRecord | null> {
    const [r] = await m.query(`SELECT * FROM evaluator_profile WHERE user_id = $1`, [userId]);
    return r ? toProfile(r) : null;
  }

  async profiles(m: EntityManager): Promise<ProfileRecord[]> {
    const rows = await m.query(`SELECT * FROM evaluator_profile ORDER BY display_name, user_id`);
    return rows.map(toProfile);
  }

  async saveProfile(m: EntityManager, p: Omit<ProfileRecord, 'updatedAt'>): Promise<void> {
    await m.query(
      `INSERT INTO evaluator_profile (user_id, display_name, email, organisation, languages, expertise, max_load_per_call, declared)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (user_id) DO UPDATE SET display_name = EXCLUDED.display_name, email = EXCLUDED.email,
         organisation = EXCLUDED.organisation, languages = EXCLUDED.languages, expertise = EXCLUDED.expertise,
         max_load_per_call = EXCLUDED.max_load_per_call, declared = EXCLUDED.declared, updated_at = now()`,
      [p.userId, p.displayName, p.email, p.organisation, p.languages, p.expertise, p.maxLoadPerCall, JSON.stringify(p.declared)],
    );
  }

  async panel(m: EntityManager, callId: string, only?: PanelStatus): Promise<PanelRecord[]> {
    const rows = await m.query(
      `SELECT pm.call_id, pm.evaluator_id, pm.status, pm.max_load, pm.declared AS member_declared, pm.invited_at, pm.responded_at, p.*
         FROM panel_member pm JOIN evaluator_profile p ON p.user_id = pm.evaluator_id
        WHERE pm.call_id = $1 ${only ? 'AND pm.status = $2' : ''}
        ORDER BY pm.evaluator_id`,
      only ? [callId, only] : [callId],
    );
    return rows.map(toPanel);
  }

  async panelPlace(m: EntityManager, callId: string, evaluatorId: string, lock = false): Promise<PanelRecord | null> {
    const [r] = await m.query(
      `SELECT pm.call_id, pm.evaluator_id, pm.status, pm.max_load, pm.declared AS member_declared, pm.invited_at, pm.responded_at, p.*
         FROM panel_member pm JOIN evaluator_profile p ON p.user_id = pm.evaluator_id
        WHERE pm.call_id = $1 AND pm.evaluator_id = $2 ${lock ? 'FOR UPDATE OF pm' : ''}`,
      [callId, evaluatorId],
    );
    return r ? toPanel(r) : null;
  }

  async placesOf(m: EntityManager, evaluatorId: string): Promise<{ callId: string; status: PanelStatus; maxLoad: number | null; invitedAt: Date; snapshot: CallPublishedV1 | null }[]> {
    const rows = await m.query(
      `SELECT pm.call_id, pm.status, pm.max_load, pm.invited_at, c.snapshot
         FROM panel_member pm LEFT JOIN call_replica c ON c.call_id = pm.call_id
        WHERE pm.evaluator_id = $1 ORDER BY pm.invited_at DESC, pm.call_id`,
      [evaluatorId],
    );
    return rows.map((r: any) => ({ callId: r.call_id, status: r.status, maxLoad: r.max_load, invitedAt: r.invited_at, snapshot: r.snapshot }));
  }

  async invite(m: EntityManager, callId: string, evaluatorId: string, maxLoad: number | null, by: string | null): Promise<void> {
    await m.query(
      `INSERT INTO panel_member (call_id, evaluator_id, status, max_load, invited_by)
       VALUES ($1, $2, 'INVITED', $3, $4)
       ON CONFLICT (call_id, evaluator_id) DO UPDATE SET status = 'INVITED', max_load = EXCLUDED.max_load,
         invited_by = EXCLUDED.invited_by, invited_at = now(), responded_at = NULL, left_reason = NULL`,
      [callId, evaluatorId, maxLoad, by],
    );
  }

  async setPanelStatus(
    m: EntityManager,
    callId: string,
    evaluatorId: string,
    status: PanelStatus,
    extra: { declared?: DeclaredConflictsRecord; reason?: string | null } = {},
  ): Promise<void> {
    await m.query(
      `UPDATE panel_member SET status = $3, responded_at = now(),
              declared = COALESCE($4::jsonb, declared), left_reason = COALESCE($5, left_reason)
        WHERE call_id = $1 AND evaluator_id = $2`,
      [callId, evaluatorId, status, extra.declared ? JSON.stringify(extra.declared) : null, extra.reason ?? null],
    );
  }

  // ── entries ──

  async entries(m: EntityManager, callId: string): Promise<EntryRecord[]> {
    const rows = await m.query(
      `SELECT COALESCE(e.application_id, s.application_id) AS application_id,
              COALESCE(s.reference, e.reference) AS reference,
              COALESCE(s.language, e.language) AS language,
              COALESCE(s.submitted_at, e.submitted_at) AS submitted_at,
              COALESCE(e.round, 1) AS round, s.eligible, s.requested_minor::text AS requested_minor,
              (e.application_id IS NOT NULL) AS has_content
         FROM entry e FULL OUTER JOIN entry_screening s ON s.application_id = e.application_id
        WHERE COALESCE(e.call_id, s.call_id) = $1
          AND NOT EXISTS (SELECT 1 FROM entry_withdrawal w WHERE w.application_id = COALESCE(e.application_id, s.application_id))
        ORDER BY 2, 1`,
      [callId],
    );
    return rows.map((r: any) => toEntry(r, callId));
  }

  async entry(m: EntityManager, applicationId: string): Promise<EntryRecord | null> {
    const [r] = await m.query(
      `SELECT COALESCE(e.application_id, s.application_id) AS application_id, COALESCE(e.call_id, s.call_id) AS call_id,
              COALESCE(s.reference, e.reference) AS reference, COALESCE(s.language, e.language) AS language,
              COALESCE(s.submitted_at, e.submitted_at) AS submitted_at,
              COALESCE(e.round, 1) AS round, s.eligible, s.requested_minor::text AS requested_minor,
              (e.application_id IS NOT NULL) AS has_content
         FROM entry e FULL OUTER JOIN entry_screening s ON s.application_id = e.application_id
        WHERE COALESCE(e.application_id, s.application_id) = $1`,
      [applicationId],
    );
    return r ? toEntry(r, r.call_id) : null;
  }

  /** The review content (what an evaluator may see) of one entry. */
  async reviewContent(m: EntityManager, applicationId: string): Promise<Record<string, unknown> | null> {
    const [r] = await m.query(`SELECT review_content FROM entry WHERE application_id = $1`, [applicationId]);
    return r?.review_content ?? null;
  }

  async nextRound(m: EntityManager, applicationId: string): Promise<number> {
    const [r] = await m.query(`UPDATE entry SET round = round + 1 WHERE application_id = $1 RETURNING round`, [applicationId]);
    return r.round;
  }

  /** Conflict parties of the call's entries. Read only to detect conflicts; never returned to an evaluator. */
  async parties(m: EntityManager, callId: string): Promise<Map<string, ConflictPartiesV1>> {
    const rows = await m.query(`SELECT application_id, parties FROM entry_parties WHERE call_id = $1`, [callId]);
    return new Map(rows.map((r: any) => [r.application_id, r.parties]));
  }

  async counts(m: EntityManager, callId: string): Promise<{ applications: number; eligible: number }> {
    const [r] = await m.query(
      `SELECT (SELECT count(*)::int FROM entry WHERE call_id = $1) AS applications,
              (SELECT count(*)::int FROM entry_screening s WHERE call_id = $1 AND eligible
                 AND NOT EXISTS (SELECT 1 FROM entry_withdrawal w WHERE w.application_id = s.application_id)) AS eligible`,
      [callId],
    );
    return r;
  }

  // ── assignments and sheets ──

  async assignments(m: EntityManager, callId: string): Promise<AssignmentRecord[]> {
    const rows = await m.query(
      `SELECT a.*, s.status AS sheet_status FROM assignment a LEFT JOIN score_sheet s ON s.assignment_id = a.id
        WHERE a.call_id = $1 ORDER BY a.application_id, a.evaluator_id`,
      [callId],
    );
    return rows.map(toAssignment);
  }

  async assignmentOf(m: EntityManager, applicationId: string, evaluatorId: string, lock = false): Promise<AssignmentRecord | null> {
    const [r] = await m.query(
      `SELECT a.*, s.status AS sheet_status FROM assignment a LEFT JOIN score_sheet s ON s.assignment_id = a.id
        WHERE a.application_id = $1 AND a.evaluator_id = $2 ${lock ? 'FOR UPDATE OF a' : ''}`,
      [applicationId, evaluatorId],
    );
    return r ? toAssignment(r) : null;
  }

  async assignmentById(m: EntityManager, id: string): Promise<AssignmentRecord | null> {
    const [r] = await m.query(
      `SELECT a.*, s.status AS sheet_status FROM assignment a LEFT JOIN score_sheet s ON s.assignment_id = a.id WHERE a.id = $1`,
      [id],
    );
    return r ? toAssignment(r) : null;
  }

  async myAssignments(m: EntityManager, evaluatorId: string, callId?: string): Promise<(AssignmentRecord & { reference: string; language: string })[]> {
    const rows = await m.query(
      `SELECT a.*, s.status AS sheet_status, e.reference, COALESCE(sc.language, e.language) AS language
         FROM assignment a
         JOIN entry e ON e.application_id = a.application_id
         LEFT JOIN entry_screening sc ON sc.application_id = a.application_id
         LEFT JOIN score_sheet s ON s.assignment_id = a.id
        WHERE a.evaluator_id = $1 AND a.status = 'ACTIVE' ${callId ? 'AND a.call_id = $2' : ''}
        ORDER BY a.call_id, e.reference`,
      callId ? [evaluatorId, callId] : [evaluatorId],
    );
    return rows.map((r: any) => ({ ...toAssignment(r), reference: r.reference, language: r.language }));
  }

  /** One statement per 5,000 rows: a national call's first run is a few round trips, not 300,000. */
  async insertAssignments(
    m: EntityManager,
    callId: string,
    reason: string,
    rows: readonly { id: string; applicationId: string; evaluatorId: string; round: number }[],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      await m.query(
        `INSERT INTO assignment (id, call_id, application_id, evaluator_id, round, reason, status)
         SELECT id, $1, application_id, evaluator_id, round, $2, 'ACTIVE'
           FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::int[]) AS x(id, application_id, evaluator_id, round)`,
        [callId, reason, chunk.map((r) => r.id), chunk.map((r) => r.applicationId), chunk.map((r) => r.evaluatorId), chunk.map((r) => r.round)],
      );
    }
  }

  async activeCounts(m: EntityManager, callId: string, evaluatorIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await m.query(
      `SELECT evaluator_id, count(*)::int AS n FROM assignment
        WHERE call_id = $1 AND status = 'ACTIVE' AND evaluator_id = ANY($2::uuid[]) GROUP BY evaluator_id`,
      [callId, evaluatorIds],
    );
    return new Map(rows.map((r: any) => [r.evaluator_id, r.n]));
  }

  async releaseAssignment(m: EntityManager, applicationId: string, evaluatorId: string, reason: string, note: string | null): Promise<void> {
    await m.query(
      `UPDATE assignment SET status = 'RELEASED', released_reason = $3, released_note = $4, released_at = now()
        WHERE application_id = $1 AND evaluator_id = $2 AND status = 'ACTIVE'`,
      [applicationId, evaluatorId, reason, note],
    );
  }

  async sheet(m: EntityManager, assignmentId: string): Promise<SheetRecord | null> {
    const [r] = await m.query(
      `SELECT s.*, a.round FROM score_sheet s JOIN assignment a ON a.id = s.assignment_id WHERE s.assignment_id = $1`,
      [assignmentId],
    );
    return r ? toSheet(r) : null;
  }

  /** Sheets of the call's active assignments (every round). */
  async sheetsOfCall(m: EntityManager, callId: string): Promise<SheetRecord[]> {
    const rows = await m.query(
      `SELECT s.*, a.round FROM score_sheet s JOIN assignment a ON a.id = s.assignment_id
        WHERE a.call_id = $1 AND a.status = 'ACTIVE' ORDER BY s.application_id, s.evaluator_id`,
      [callId],
    );
    return rows.map(toSheet);
  }

  async sheetsOfEntry(m: EntityManager, applicationId: string): Promise<SheetRecord[]> {
    const rows = await m.query(
      `SELECT s.*, a.round FROM score_sheet s JOIN assignment a ON a.id = s.assignment_id
        WHERE a.application_id = $1 AND a.status = 'ACTIVE' ORDER BY s.evaluator_id`,
      [applicationId],
    );
    return rows.map(toSheet);
  }

  async saveDraft(
    m: EntityManager,
    a: AssignmentRecord,
    scores: Record<string, number>,
    comments: Record<string, string>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO score_sheet (assignment_id, call_id, application_id, evaluator_id, status, scores, comments)
       VALUES ($1, $2, $3, $4, 'DRAFT', $5, $6)
       ON CONFLICT (assignment_id) DO UPDATE SET scores = EXCLUDED.scores, comments = EXCLUDED.comments, updated_at = now()
       WHERE score_sheet.status = 'DRAFT'`,
      [a.id, a.callId, a.applicationId, a.evaluatorId, JSON.stringify(scores), JSON.stringify(comments)],
    );
  }

  async submitSheet(
    m: EntityManager,
    a: AssignmentRecord,
    scores: Record<string, number>,
    comments: Record<string, string>,
    result: { totalHundredths: number; criterionHundredths: Record<string, number>; thresholdFailures: readonly string[]; passed: boolean },
  ): Promise<void> {
    await m.query(
      `INSERT INTO score_sheet (assignment_id, call_id, application_id, evaluator_id, status, scores, comments,
                                total_hundredths, criterion_hundredths, threshold_failures, passed, submitted_at)
       VALUES ($1, $2, $3, $4, 'SUBMITTED', $5, $6, $7, $8, $9, $10, now())
       ON CONFLICT (assignment_id) DO UPDATE SET status = 'SUBMITTED', scores = EXCLUDED.scores, comments = EXCLUDED.comments,
         total_hundredths = EXCLUDED.total_hundredths, criterion_hundredths = EXCLUDED.criterion_hundredths,
         threshold_failures = EXCLUDED.threshold_failures, passed = EXCLUDED.passed, submitted_at = now(), updated_at = now()
       WHERE score_sheet.status = 'DRAFT'`,
      [
        a.id,
        a.callId,
        a.applicationId,
        a.evaluatorId,
        JSON.stringify(scores),
        JSON.stringify(comments),
        result.totalHundredths,
        JSON.stringify(result.criterionHundredths),
        JSON.stringify(result.thresholdFailures),
        result.passed,
      ],
    );
  }

  async reopenSheet(m: EntityManager, assignmentId: string): Promise<void> {
    await m.query(
      `UPDATE score_sheet SET status = 'DRAFT', total_hundredths = NULL, criterion_hundredths = NULL, threshold_failures = NULL,
              passed = NULL, submitted_at = NULL, reopened_count = reopened_count + 1, updated_at = now()
        WHERE assignment_id = $1 AND status = 'SUBMITTED'`,
      [assignmentId],
    );
  }

  async consensus(m: EntityManager, callId: string): Promise<Map<string, { round: number; scoreHundredths: number; note: string }>> {
    const rows = await m.query(`SELECT application_id, round, score_hundredths, note FROM consensus_score WHERE call_id = $1`, [callId]);
    const out = new Map<string, { round: number; scoreHundredths: number; note: string }>();
    for (const r of rows) out.set(`${r.application_id}#${r.round}`, { round: r.round, scoreHundredths: r.score_hundredths, note: r.note });
    return out;
  }

  async saveConsensus(m: EntityManager, callId: string, applicationId: string, round: number, scoreHundredths: number, note: string, by: string | null) {
    await m.query(
      `INSERT INTO consensus_score (application_id, round, call_id, score_hundredths, note, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (application_id, round) DO UPDATE SET score_hundredths = EXCLUDED.score_hundredths, note = EXCLUDED.note,
         recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
      [applicationId, round, callId, scoreHundredths, note, by],
    );
  }

  // ── shortfalls ──

  async replaceShortfalls(
    m: EntityManager,
    callId: string,
    considered: readonly string[],
    shortfalls: readonly { entryId: string; required: number; assigned: number; message: string; detail: object }[],
  ): Promise<void> {
    if (considered.length) await m.query(`DELETE FROM staffing_shortfall WHERE application_id = ANY($1::uuid[])`, [considered]);
    for (const s of shortfalls) {
      await m.query(
        `INSERT INTO staffing_shortfall (application_id, call_id, required, assigned, detail, message) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (application_id) DO UPDATE SET required = EXCLUDED.required, assigned = EXCLUDED.assigned,
           detail = EXCLUDED.detail, message = EXCLUDED.message, updated_at = now()`,
        [s.entryId, callId, s.required, s.assigned, JSON.stringify(s.detail), s.message],
      );
    }
  }

  async shortfalls(m: EntityManager, callId: string) {
    const rows = await m.query(
      `SELECT f.application_id, COALESCE(s.reference, e.reference) AS reference, f.required, f.assigned, f.detail, f.message, f.updated_at
         FROM staffing_shortfall f
         LEFT JOIN entry e ON e.application_id = f.application_id
         LEFT JOIN entry_screening s ON s.application_id = f.application_id
        WHERE f.call_id = $1 ORDER BY 2, 1`,
      [callId],
    );
    return rows.map((r: any) => ({
      applicationId: r.application_id,
      reference: r.reference,
      required: r.required,
      assigned: r.assigned,
      message: r.message,
      ...r.detail,
      updatedAt: iso(r.updated_at),
    }));
  }

  // ── the call's evaluation ──

  async callEvaluation(m: EntityManager, callId: string): Promise<CallEvaluationRecord | null> {
    const [r] = await m.query(
      `SELECT call_id, status, started_at, proposal::text AS proposal, selection::text AS selection,
              published_ranking::text AS published_ranking, results_revision, published_at
         FROM call_evaluation WHERE call_id = $1`,
      [callId],
    );
    if (!r) return null;
    return {
      callId: r.call_id,
      status: r.status,
      startedAt: r.started_at,
      proposalText: r.proposal,
      selectionText: r.selection,
      publishedRankingText: r.published_ranking,
      resultsRevision: r.results_revision,
      publishedAt: r.published_at,
    };
  }

  async startCallEvaluation(m: EntityManager, callId: string, by: string | null): Promise<boolean> {
    const inserted = await m.query(
      `INSERT INTO call_evaluation (call_id, status, started_by) VALUES ($1, 'IN_PROGRESS', $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [callId, by],
    );
    return inserted.length > 0;
  }

  async saveProposal(m: EntityManager, callId: string, proposal: unknown): Promise<void> {
    await m.query(`UPDATE call_evaluation SET status = 'PROPOSED', proposal = $2::jsonb, updated_at = now() WHERE call_id = $1`, [
      callId,
      stringifyWithMinorUnits(proposal),
    ]);
  }

  async savePublication(
    m: EntityManager,
    callId: string,
    p: { selection: unknown; publishedRanking: unknown; revision: number; publishedAt: Date },
  ): Promise<void> {
    await m.query(
      `UPDATE call_evaluation SET status = 'RESULTS_PUBLISHED', selection = $2::jsonb, published_ranking = $3::jsonb,
              results_revision = $4, published_at = COALESCE(published_at, $5), updated_at = now()
        WHERE call_id = $1`,
      [callId, stringifyWithMinorUnits(p.selection), JSON.stringify(p.publishedRanking), p.revision, p.publishedAt],
    );
  }

  // ── awards ──

  async awards(m: EntityManager, callId: string) {
    const rows = await m.query(
      `SELECT a.id, a.application_id, COALESCE(s.reference, e.reference) AS reference, a.amount_minor::text AS amount_minor, a.currency,
              a.rank, a.status, a.via, a.position, a.replaces_award_id, a.granted_at, a.released_at, a.released_reason,
              a.recovered_minor::text AS recovered_minor
         FROM award a JOIN entry e ON e.application_id = a.application_id
         LEFT JOIN entry_screening s ON s.application_id = a.application_id
        WHERE a.call_id = $1 ORDER BY a.granted_at, a.position NULLS LAST, a.id`,
      [callId],
    );
    return rows.map((r: any) => ({
      awardId: r.id,
      applicationId: r.application_id,
      reference: r.reference,
      amountMinor: r.amount_minor,
      currency: String(r.currency).trim(),
      prizeRank: r.rank,
      status: r.status,
      via: r.via,
      position: r.position,
      replacesAwardId: r.replaces_award_id,
      grantedAt: iso(r.granted_at),
      releasedAt: r.released_at ? iso(r.released_at) : null,
      releasedReason: r.released_reason,
      recoveredMinor: r.recovered_minor,
    }));
  }

  async award(m: EntityManager, awardId: string, lock = false) {
    const [r] = await m.query(
      `SELECT id, call_id, application_id, amount_minor::text AS amount_minor, currency, rank, status, via, position
         FROM award WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [awardId],
    );
    if (!r) return null;
    return {
      awardId: r.id as string,
      callId: r.call_id as string,
      applicationId: r.application_id as string,
      amountMinor: BigInt(r.amount_minor),
      currency: String(r.currency).trim(),
      prizeRank: r.rank as number | null,
      status: r.status as 'ACTIVE' | 'DECLINED' | 'REVOKED',
      via: r.via as string,
      position: r.position as number | null,
    };
  }

  async insertAward(
    m: EntityManager,
    a: {
      id: string;
      callId: string;
      applicationId: string;
      amountMinor: bigint;
      currency: string;
      prizeRank: number | null;
      via: 'SELECTION' | 'PROMOTION' | 'AMENDMENT';
      position: number;
      replacesAwardId?: string | null;
      by: string | null;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO award (id, call_id, application_id, amount_minor, currency, rank, granted_by, via, position, replaces_award_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [a.id, a.callId, a.applicationId, a.amountMinor.toString(), a.currency, a.prizeRank, a.by, a.via, a.position, a.replacesAwardId ?? null],
    );
  }

  async releaseAward(m: EntityManager, awardId: string, status: 'DECLINED' | 'REVOKED', reason: string, recovered: bigint): Promise<void> {
    await m.query(
      `UPDATE award SET status = $2, released_reason = $3, recovered_minor = $4, released_at = now() WHERE id = $1 AND status = 'ACTIVE'`,
      [awardId, status, reason, recovered.toString()],
    );
  }

  async activeAwardOf(m: EntityManager, applicationId: string): Promise<{ awardId: string } | null> {
    const [r] = await m.query(`SELECT id FROM award WHERE application_id = $1 AND status = 'ACTIVE'`, [applicationId]);
    return r ? { awardId: r.id } : null;
  }

  async awardIdsByEntry(m: EntityManager, callId: string): Promise<Map<string, string>> {
    const rows = await m.query(`SELECT id, application_id FROM award WHERE call_id = $1 AND status = 'ACTIVE'`, [callId]);
    return new Map(rows.map((r: any) => [r.application_id, r.id]));
  }

  // ── appeals ──

  async appealsUnderReview(m: EntityManager, callId: string): Promise<Map<string, string>> {
    const rows = await m.query(`SELECT appeal_id, application_id FROM appeal_review WHERE call_id = $1 AND status = 'RE_EVALUATING'`, [callId]);
    return new Map(rows.map((r: any) => [r.application_id, r.appeal_id]));
  }
}

/** Parses a stored JSON document that holds bigint money (selection, proposal). */
export function parseStored<T>(text: string | null): T | null {
  return text === null ? null : parseWithMinorUnits<T>(text);
}

function toProfile(r: any): ProfileRecord {
  return {
    userId: r.user_id,
    displayName: r.display_name,
    email: r.email,
    organisation: r.organisation,
    languages: r.languages ?? [],
    expertise: r.expertise ?? [],
    maxLoadPerCall: r.max_load_per_call,
    declared: r.declared ?? {},
    updatedAt: r.updated_at,
  };
}

function toPanel(r: any): PanelRecord {
  return {
    callId: r.call_id,
    evaluatorId: r.evaluator_id,
    status: r.status,
    maxLoad: r.max_load,
    declared: r.member_declared ?? {},
    invitedAt: r.invited_at,
    respondedAt: r.responded_at,
    profile: toProfile(r),
  };
}

function toEntry(r: any, callId: string): EntryRecord {
  return {
    applicationId: r.application_id,
    callId,
    reference: r.reference,
    language: r.language,
    submittedAt: iso(r.submitted_at),
    round: r.round,
    eligible: r.eligible,
    requestedMinor: r.requested_minor === null || r.requested_minor === undefined ? null : BigInt(r.requested_minor),
    hasContent: r.has_content,
  };
}

function toAssignment(r: any): AssignmentRecord {
  return {
    id: r.id,
    callId: r.call_id,
    applicationId: r.application_id,
    evaluatorId: r.evaluator_id,
    round: r.round,
    reason: r.reason,
    status: r.status,
    releasedReason: r.released_reason,
    createdAt: r.created_at,
    sheetStatus: r.sheet_status ?? null,
  };
}

function toSheet(r: any): SheetRecord {
  return {
    assignmentId: r.assignment_id,
    applicationId: r.application_id,
    evaluatorId: r.evaluator_id,
    round: r.round,
    status: r.status,
    scores: r.scores ?? {},
    comments: r.comments ?? {},
    totalHundredths: r.total_hundredths,
    criterionHundredths: r.criterion_hundredths,
    thresholdFailures: r.threshold_failures,
    passed: r.passed,
    submittedAt: r.submitted_at,
    reopenedCount: r.reopened_count,
  };
}
