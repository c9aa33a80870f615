import { assertCanAccess, AuthUser, Authenticated, CurrentUser, Roles } from '@grants/auth';
import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CallReplicaStore } from '../call-replica/call-replica.store';
import { ApplicationRow, loadApplication } from '../submissions/application-store';
import { applicationNotFound, formatInZone } from '../submissions/submissions.errors';

/** The one word an applicant reads first: where the application stands. */
export function currentStatus(a: Pick<ApplicationRow, 'status' | 'screening' | 'outcome'>): string {
  if (a.status !== 'SUBMITTED') return a.status;
  if (a.outcome) return a.outcome;
  if (a.screening === 'ELIGIBLE' || a.screening === 'INELIGIBLE' || a.screening === 'CLARIFICATION_REQUESTED' || a.screening === 'CLARIFICATION_EXPIRED') {
    return a.screening;
  }
  return 'SUBMITTED';
}

@Controller()
export class StatusController {
  constructor(
    private readonly ds: DataSource,
    private readonly calls: CallReplicaStore,
  ) {}

  /** The applicant's own applications, newest first, each with where it stands. */
  @Roles('APPLICANT')
  @Get('applications')
  async mine(@CurrentUser() user: AuthUser) {
    const rows = await this.ds.query(
      `SELECT a.id, a.call_id, a.reference, a.status, a.screening, a.outcome, a.revision, a.submitted_at, a.updated_at,
              a.draft_content->>'title' AS title, c.reference_code, c.closes_at, c.time_zone
         FROM application a JOIN call_replica c ON c.call_id = a.call_id
        WHERE a.applicant_user_id = $1 ORDER BY a.updated_at DESC LIMIT 500`,
      [user.id],
    );
    return {
      applications: rows.map((r: Record<string, any>) => ({
        id: r.id,
        callId: r.call_id,
        callReference: r.reference_code,
        reference: r.reference,
        title: r.title,
        status: currentStatus(r as ApplicationRow),
        revision: r.revision,
        submittedAt: r.submitted_at?.toISOString() ?? null,
        closesAtLocal: formatInZone(r.closes_at, r.time_zone),
        updatedAt: r.updated_at.toISOString(),
      })),
    };
  }

  /**
   * Where an application stands and how it got there: each submission (with its receipt), the
   * screening, the jury's outcome and any appeal, oldest first.
   */
  @Authenticated()
  @Get('applications/:applicationId/timeline')
  async timeline(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) id: string) {
    const app = await loadApplication(this.ds.manager, id);
    if (!app || (app.status === 'DRAFT' && app.applicantUserId !== user.id)) throw applicationNotFound(id);
    assertCanAccess(user, app.applicantUserId, ['PROGRAMME_OFFICER'], () => applicationNotFound(id));
    const call = await this.calls.get(this.ds.manager, app.callId);
    const receipts: Record<string, any>[] = await this.ds.query(
      `SELECT id, revision, reference, submitted_at, content_sha256 FROM receipt WHERE application_id = $1 ORDER BY revision`,
      [id],
    );
    const steps: Record<string, any>[] = await this.ds.query(
      `SELECT id, status, at, note, detail FROM application_timeline WHERE application_id = $1 ORDER BY at, id`,
      [id],
    );
    const receiptOf = (r: Record<string, any>) => ({
      receiptId: r.id,
      reference: r.reference,
      revision: r.revision,
      submittedAt: r.submitted_at.toISOString(),
      submittedAtLocal: formatInZone(r.submitted_at, call.timeZone),
      contentSha256: r.content_sha256,
    });
    const entries = [
      ...receipts.map((r) => ({ status: r.revision === 1 ? 'SUBMITTED' : 'RESUBMITTED', at: r.submitted_at as Date, seq: 0, receipt: receiptOf(r) })),
      ...steps.map((s) => ({ status: s.status, at: s.at as Date, seq: Number(s.id), ...(s.note ? { note: s.note } : {}), ...(s.detail ? { detail: s.detail } : {}) })),
    ]
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq)
      .map(({ seq: _seq, at, ...e }) => ({ ...e, at: at.toISOString() }));
    return {
      applicationId: id,
      callId: app.callId,
      reference: app.reference,
      status: currentStatus(app),
      receipt: receipts.length ? receiptOf(receipts[receipts.length - 1]) : null,
      timeline: entries,
    };
  }
}
