import { CallKind, CallPublishedV1 } from '@grants/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CallRules, rulesFromSnapshot } from '../submissions/domain/call-rules';
import { callCancelled, callUnknown, deadlinePassed, notYetOpen } from '../submissions/submissions.errors';

/** A call as applications knows it: its replica and its lifecycle, read together. */
export interface CallRow {
  callId: string;
  referenceCode: string;
  kind: CallKind;
  currency: string;
  opensAt: Date;
  closesAt: Date;
  timeZone: string;
  blindReview: boolean;
  version: number;
  rules: CallRules;
  closedAt: Date | null;
  closedVersion: number | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
}

export type CallState = 'NOT_YET_OPEN' | 'OPEN' | 'CLOSED' | 'CANCELLED';

/** The per-call sequence that numbers references (`FMZ-ESSAY-2023-0042`). */
export const referenceSequence = (callId: string) => `application_ref_${callId.replace(/-/g, '')}`;

/**
 * Open or not, by this service's own replica and the server clock: the client's view of time
 * never counts. A `calls.call.closed.v1` for the current version closes it too (the deadline
 * job of calls), and a later amendment (an extended deadline) reopens it.
 */
export function callState(call: CallRow, now: Date): CallState {
  if (call.cancelledAt) return 'CANCELLED';
  if (now < call.opensAt) return 'NOT_YET_OPEN';
  if (now >= call.closesAt) return 'CLOSED';
  if (call.closedVersion !== null && call.closedVersion >= call.version) return 'CLOSED';
  return 'OPEN';
}

export function assertOpen(call: CallRow, now: Date): void {
  switch (callState(call, now)) {
    case 'OPEN':
      return;
    case 'CANCELLED':
      throw callCancelled(call.cancelReason);
    case 'NOT_YET_OPEN':
      throw notYetOpen(call.opensAt, call.timeZone);
    case 'CLOSED':
      throw deadlinePassed(call.closedAt && call.closedAt < call.closesAt ? call.closedAt : call.closesAt, call.timeZone);
  }
}

export interface ReplicaRaw {
  call_id: string;
  reference_code: string;
  kind: CallKind;
  currency: string;
  opens_at: Date;
  closes_at: Date;
  time_zone: string;
  blind_review: boolean;
  version: number;
  updated_at: string;
  rules: CallRules | null;
  closed_at: Date | null;
  closed_version: number | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
}

/**
 * The replica's columns, with the rules only when they changed since `knownUpdatedAt` (a
 * parameter placeholder such as `$2`): the deadline and lifecycle are always read fresh.
 */
export const replicaColumns = (knownUpdatedAt: string) => `
  r.call_id, r.reference_code, r.kind, r.currency, r.opens_at, r.closes_at, r.time_zone, r.blind_review, r.version,
  r.updated_at::text AS updated_at, CASE WHEN r.updated_at::text = ${knownUpdatedAt} THEN NULL ELSE r.rules END AS rules,
  l.closed_at, l.closed_version, l.cancelled_at, l.cancel_reason`;

/** Open by PostgreSQL's clock (the same machine's clock): used where the check is part of a statement. */
export const OPEN_IN_SQL = `(clock_timestamp() >= r.opens_at AND clock_timestamp() < r.closes_at AND l.cancelled_at IS NULL
  AND (l.closed_version IS NULL OR l.closed_version < r.version))`;

@Injectable()
export class CallReplicaStore {
  /**
   * Each call as last read, by the replica row's `updated_at`: the deadline rush re-reads the row
   * (deadline and lifecycle) but parses the rules only when they changed.
   */
  private readonly known = new Map<string, { updatedAt: string; call: CallRow }>();

  /** The call as last read by this process (to check a submission before touching the database). */
  cached(callId: string): CallRow | undefined {
    return this.known.get(callId)?.call;
  }

  knownUpdatedAt(callId: string): string | null {
    return this.known.get(callId)?.updatedAt ?? null;
  }

  async find(m: EntityManager, callId: string): Promise<CallRow | null> {
    const [r]: ReplicaRaw[] = await m.query(
      `SELECT ${replicaColumns('$2')} FROM call_replica r LEFT JOIN call_lifecycle l ON l.call_id = r.call_id WHERE r.call_id = $1`,
      [callId, this.knownUpdatedAt(callId)],
    );
    return r ? this.rowOf(m, r) : null;
  }

  async get(m: EntityManager, callId: string): Promise<CallRow> {
    const call = await this.find(m, callId);
    if (!call) throw callUnknown(callId);
    return call;
  }

  /** A row read with `replicaColumns`, as a CallRow (fetching the rules if this process lost them). */
  async rowOf(m: EntityManager, r: ReplicaRaw): Promise<CallRow> {
    let rules = r.rules ?? (this.known.get(r.call_id)?.updatedAt === r.updated_at ? this.known.get(r.call_id)!.call.rules : null);
    if (!rules) [{ rules }] = await m.query(`SELECT rules FROM call_replica WHERE call_id = $1`, [r.call_id]);
    const call: CallRow = {
      callId: r.call_id,
      referenceCode: r.reference_code,
      kind: r.kind,
      currency: r.currency,
      opensAt: r.opens_at,
      closesAt: r.closes_at,
      timeZone: r.time_zone,
      blindReview: r.blind_review,
      version: r.version,
      rules: rules!,
      closedAt: r.closed_at,
      closedVersion: r.closed_version,
      cancelledAt: r.cancelled_at,
      cancelReason: r.cancel_reason,
    };
    this.known.set(r.call_id, { updatedAt: r.updated_at, call });
    return call;
  }
}

/**
 * Applies a full snapshot (publication or amendment). Versions only move forward: an older
 * snapshot arriving late (they travel on two topics) changes nothing.
 */
export async function applySnapshot(m: EntityManager, c: CallPublishedV1, version: number): Promise<void> {
  await m.query(
    `INSERT INTO call_replica (call_id, reference_code, kind, currency, opens_at, closes_at, time_zone, blind_review, snapshot, rules, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (call_id) DO UPDATE SET reference_code = EXCLUDED.reference_code, kind = EXCLUDED.kind,
       currency = EXCLUDED.currency, opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at,
       time_zone = EXCLUDED.time_zone, blind_review = EXCLUDED.blind_review, snapshot = EXCLUDED.snapshot,
       rules = EXCLUDED.rules, version = EXCLUDED.version, updated_at = clock_timestamp()
     WHERE call_replica.version <= EXCLUDED.version`,
    [
      c.callId,
      c.referenceCode,
      c.kind,
      c.currency,
      c.opensAt,
      c.closesAt,
      c.timeZone,
      c.blindReview,
      JSON.stringify(c),
      JSON.stringify(rulesFromSnapshot(c)),
      version,
    ],
  );
  await m.query(`CREATE SEQUENCE IF NOT EXISTS ${referenceSequence(c.callId)}`);
}
