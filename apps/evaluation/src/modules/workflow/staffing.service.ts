import { AssignmentReason, ConflictPartiesV1, Topics } from '@grants/contracts';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  assign,
  AssignResult,
  conflictedEvaluatorIdsByEntry,
  CurrentAssignment,
  EntryConflicts,
  EntryParties,
  EntryToStaff,
  EvaluatorLoad,
  EvaluatorProfile,
  findConflicts,
  PanelEvaluator,
  reassign,
  Release,
  StaffingShortfall,
} from '../evaluation-domain';
import { AssignmentRecord, EntryRecord, EvaluationRepository, PanelRecord } from './evaluation.repository';

/** An evaluator without a stated cap: effectively unlimited, but a finite integer as assign() wants. */
export const UNCAPPED_LOAD = 100_000;

/** Everything the pure assignment needs about one call, loaded in the caller's transaction. */
export interface StaffingSnapshot {
  readonly callId: string;
  readonly panel: PanelRecord[];
  /** Eligible entries whose content arrived: the ones evaluators score. */
  readonly entries: EntryRecord[];
  readonly assignments: AssignmentRecord[];
  readonly parties: Map<string, ConflictPartiesV1>;
}

export interface StaffingReport {
  readonly assigned: number;
  readonly shortfalls: StaffingShortfall[];
  readonly loads: EvaluatorLoad[];
  readonly released: number;
}

/** What released an assignment, as stored. */
export type ReleaseCause = 'DECLINED' | 'CONFLICT_DECLARED' | 'DROPPED_OUT';

/**
 * The orchestration around the pure `assign`/`reassign`: loads the panel, the eligible entries and
 * every assignment of the call, detects conflicts from the stored parties, runs the pure function,
 * stores the result and announces each evaluator's new work. Callers hold the call's lock.
 *
 * Rounds: an entry re-evaluated after an appeal is in round 2 (3, …). Assignments of earlier rounds
 * still count towards their evaluators' load caps, but not towards staffing the new round: they are
 * handed to the pure core under a per-round id, and their evaluators are excluded as "already saw it".
 */
@Injectable()
export class StaffingService {
  constructor(
    private readonly repo: EvaluationRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async snapshot(m: EntityManager, callId: string): Promise<StaffingSnapshot> {
    const [panel, all, assignments, parties] = [
      await this.repo.panel(m, callId, 'ACCEPTED'),
      await this.repo.entries(m, callId),
      await this.repo.assignments(m, callId),
      await this.repo.parties(m, callId),
    ];
    return { callId, panel, entries: all.filter((e) => e.eligible === true && e.hasContent), assignments, parties };
  }

  /** Every conflicted (entry, evaluator) pair of the call's accepted panel, with reasons (officers and audit only). */
  conflicts(s: StaffingSnapshot): EntryConflicts[] {
    return findConflicts(s.panel.map((p) => profileOf(p, s.assignments)), s.entries.map((e) => partiesOf(e.applicationId, s.parties.get(e.applicationId))));
  }

  /** Staffs the call's entries (or the given ones) up to `required` evaluators each, keeping what is assigned. */
  async run(
    m: EntityManager,
    callId: string,
    perEntry: number,
    opts: { reason: AssignmentReason; entryIds?: readonly string[]; required?: number },
  ): Promise<StaffingReport> {
    const s = await this.snapshot(m, callId);
    const conflicts = conflictedEvaluatorIdsByEntry(this.conflicts(s));
    const wanted = opts.entryIds ? new Set(opts.entryIds) : null;
    const entries = entriesToStaff(s, conflicts)
      .filter((e) => !wanted || wanted.has(e.id))
      .map((e) => (opts.required !== undefined ? { ...e, required: opts.required } : e));
    const result = assign({ evaluators: panelOf(s), entries, evaluatorsPerEntry: perEntry, existing: existingOf(s) });
    await this.store(m, s, result, opts.reason);
    await this.repo.replaceShortfalls(m, callId, entries.map((e) => e.id), result.shortfalls.map(shortfallRow));
    return { assigned: result.assignments.length, shortfalls: result.shortfalls, loads: result.loads, released: 0 };
  }

  /**
   * Frees assignments (a decline, a conflict declared on an assigned entry, an evaluator leaving the
   * panel) and restaffs exactly the places they leave; everything else stays as it is.
   */
  async release(
    m: EntityManager,
    callId: string,
    perEntry: number,
    releases: readonly { release: Release; cause: ReleaseCause; note: string | null }[],
  ): Promise<StaffingReport> {
    const s = await this.snapshot(m, callId);
    const conflicts = conflictedEvaluatorIdsByEntry(this.conflicts(s));
    const result = reassign({
      evaluators: panelOf(s),
      entries: entriesToStaff(s, conflicts),
      evaluatorsPerEntry: perEntry,
      current: existingOf(s),
      releases: releases.map((r) => r.release),
    });
    const causeOf = (entryId: string, evaluatorId: string) =>
      releases.find((r) =>
        r.release.kind === 'DROPPED_OUT' ? r.release.evaluatorId === evaluatorId : r.release.entryId === entryId && r.release.evaluatorId === evaluatorId,
      )!;
    for (const a of result.released) {
      const cause = causeOf(a.entryId, a.evaluatorId);
      await this.repo.releaseAssignment(m, baseId(a.entryId), a.evaluatorId, cause.cause, cause.note);
    }
    await this.store(m, s, result, 'REASSIGNMENT');
    const affected = [...new Set(result.released.map((a) => baseId(a.entryId)))];
    await this.repo.replaceShortfalls(m, callId, affected, result.shortfalls.map(shortfallRow));
    return { assigned: result.assignments.length, shortfalls: result.shortfalls, loads: result.loads, released: result.released.length };
  }

  private async store(m: EntityManager, s: StaffingSnapshot, result: AssignResult, reason: AssignmentReason): Promise<void> {
    if (!result.assignments.length) return;
    const roundOf = new Map(s.entries.map((e) => [e.applicationId, e.round]));
    await this.repo.insertAssignments(
      m,
      s.callId,
      reason,
      result.assignments.map((a) => ({ id: randomUUID(), applicationId: a.entryId, evaluatorId: a.evaluatorId, round: roundOf.get(a.entryId) ?? 1 })),
    );
    const byEvaluator = new Map<string, number>();
    for (const a of result.assignments) byEvaluator.set(a.evaluatorId, (byEvaluator.get(a.evaluatorId) ?? 0) + 1);
    const evaluators = [...byEvaluator.keys()].sort((a, b) => (a < b ? -1 : 1));
    const totals = await this.repo.activeCounts(m, s.callId, evaluators);
    const now = new Date().toISOString();
    for (const evaluatorUserId of evaluators) {
      // Counts only: an evaluator's e-mail says how much work arrived, never whose.
      await this.outbox.append(m, {
        topic: Topics.AssignmentCreatedV1,
        aggregateId: evaluatorUserId,
        payload: { callId: s.callId, evaluatorUserId, count: byEvaluator.get(evaluatorUserId)!, totalInCall: totals.get(evaluatorUserId)!, reason, assignedAt: now },
      });
    }
  }
}

const ROUND_MARK = '#round-';
const baseId = (entryId: string) => entryId.split(ROUND_MARK)[0];

/** Accepted panel members as the pure core sees them; the per-call cap wins over the profile's. */
export function panelOf(s: StaffingSnapshot): PanelEvaluator[] {
  return s.panel.map((p) => ({
    id: p.evaluatorId,
    languages: p.profile.languages,
    loadCap: p.maxLoad ?? p.profile.maxLoadPerCall ?? UNCAPPED_LOAD,
  }));
}

/**
 * Active assignments for load caps and staffing. An earlier round's assignment keeps counting for
 * its evaluator's load under a per-round id, so it does not fill a place of the current round.
 */
export function existingOf(s: StaffingSnapshot): CurrentAssignment[] {
  const roundOf = new Map(s.entries.map((e) => [e.applicationId, e.round]));
  return s.assignments
    .filter((a) => a.status === 'ACTIVE')
    .map((a) => {
      const current = roundOf.get(a.applicationId);
      const entryId = current === undefined || current === a.round ? a.applicationId : `${a.applicationId}${ROUND_MARK}${a.round}`;
      return { entryId, evaluatorId: a.evaluatorId, submitted: a.sheetStatus === 'SUBMITTED' };
    });
}

/** Entries to staff: conflicts never assigned; anyone who ever held the entry (declined, earlier round) excluded. */
export function entriesToStaff(s: StaffingSnapshot, conflicts: Map<string, string[]>): EntryToStaff[] {
  const seen = new Map<string, string[]>();
  const roundOf = new Map(s.entries.map((e) => [e.applicationId, e.round]));
  for (const a of s.assignments) {
    if (a.status === 'ACTIVE' && a.round === roundOf.get(a.applicationId)) continue;
    seen.set(a.applicationId, [...(seen.get(a.applicationId) ?? []), a.evaluatorId]);
  }
  return s.entries.map((e) => ({
    id: e.applicationId,
    language: e.language,
    conflictedEvaluatorIds: conflicts.get(e.applicationId) ?? [],
    excludedEvaluatorIds: seen.get(e.applicationId) ?? [],
  }));
}

/** What the evaluator declared (profile, this panel, entries released for a conflict) and who they are. */
export function profileOf(p: PanelRecord, assignments: readonly AssignmentRecord[]): EvaluatorProfile {
  const merge = (a?: string[], b?: string[]) => [...(a ?? []), ...(b ?? [])];
  return {
    id: p.evaluatorId,
    email: p.profile.email,
    ...(p.profile.organisation ? { organisation: { name: p.profile.organisation } } : {}),
    declared: {
      organisations: merge(p.profile.declared.organisations, p.declared.organisations),
      municipalities: merge(p.profile.declared.municipalities, p.declared.municipalities),
      persons: merge(p.profile.declared.persons, p.declared.persons),
      entryIds: assignments.filter((a) => a.evaluatorId === p.evaluatorId && a.releasedReason === 'CONFLICT_DECLARED').map((a) => a.applicationId),
    },
  };
}

/** The contract's conflict parties in the pure core's shape. */
export function partiesOf(entryId: string, cp: ConflictPartiesV1 | undefined): EntryParties {
  return {
    entryId,
    applicant: {
      ...(cp?.applicantOrganisation ? { organisation: { name: cp.applicantOrganisation } } : {}),
      ...(cp?.applicantEmail ? { email: cp.applicantEmail } : {}),
    },
    partners: [
      ...(cp?.partnerOrganisations ?? []).map((name) => ({ organisation: { name } })),
      ...(cp?.partnerEmails ?? []).map((email) => ({ email })),
    ],
    ...(cp?.partnerMunicipality ? { partnerMunicipality: { name: cp.partnerMunicipality } } : {}),
  };
}

function shortfallRow(f: StaffingShortfall) {
  return {
    entryId: f.entryId,
    required: f.required,
    assigned: f.assigned,
    message: f.message,
    detail: {
      language: f.language,
      panelSize: f.panelSize,
      excludedByLanguage: f.excludedByLanguage,
      excludedByConflict: f.excludedByConflict,
      excludedAsDeclinedOrSeen: f.excludedAsDeclinedOrSeen,
      excludedByLoadCap: f.excludedByLoadCap,
    },
  };
}
