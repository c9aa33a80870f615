import { answeredProblem, FieldProblem } from '@grants/common';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CallReplicaStore, CallRow } from '../call-replica/call-replica.store';
import { AutoCheck } from '../submissions/application-store';
import { ApplicantIdentity, ApplicationContent, GuardianConsent } from '../submissions/domain/application-content';
import { contentProblems } from '../submissions/domain/content-rules';

interface SubmittedRow {
  id: string;
  document: { content?: ApplicationContent; attachments?: { key: string }[] };
  receipt_at: Date;
  full_name: string | null;
  email: string | null;
  school: string | null;
  organisation: string | null;
  date_of_birth: string | null;
  applicant_type: string | null;
  guardian_name: string | null;
  guardian_relation: string | null;
  guardian_consented_at: Date | null;
}

const SUBMITTED = `
  SELECT a.id, r.document, r.submitted_at AS receipt_at,
         i.full_name, i.email, i.school, i.organisation, to_char(i.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, i.applicant_type,
         i.guardian_name, i.guardian_relation, i.guardian_consented_at
    FROM application a
    JOIN applicant_identity i ON i.application_id = a.id
    JOIN LATERAL (SELECT document, submitted_at FROM receipt WHERE application_id = a.id ORDER BY revision DESC LIMIT 1) r ON true`;

/** The automatic part of screening: the submitted content against the call's rules as they stand. */
export function autoCheckOf(row: SubmittedRow, call: CallRow, at: Date): AutoCheck {
  const identity: ApplicantIdentity = Object.fromEntries(
    Object.entries({
      fullName: row.full_name,
      email: row.email,
      school: row.school,
      organisation: row.organisation,
      dateOfBirth: row.date_of_birth,
      applicantType: row.applicant_type,
    }).filter(([, v]) => v !== null),
  );
  const consent: GuardianConsent | null = row.guardian_consented_at
    ? { guardianName: row.guardian_name!, relation: row.guardian_relation!, consentedAt: row.guardian_consented_at.toISOString() }
    : null;
  const content = row.document.content ?? {};
  // Ages and consents count as of the submission, the form and rules as the call has them now
  // (an amendment after submission is caught here).
  const problems = row.document.content
    ? contentProblems(content, {
        rules: call.rules,
        currency: call.currency,
        timeZone: call.timeZone,
        now: row.receipt_at,
        mode: 'full',
        identity,
        consent,
        attachmentKeys: (row.document.attachments ?? []).map((a) => a.key),
      })
    : [];
  return { passed: problems.length === 0, problems: problems.map(({ fields: _cause, ...problem }) => answeredProblem(problem as FieldProblem)), checkedAt: at.toISOString() };
}

@Injectable()
export class AutoScreening {
  constructor(private readonly calls: CallReplicaStore) {}

  /** Checks every submitted application of a call not checked yet; they wait for an officer (PENDING). */
  async screenCall(m: EntityManager, callId: string, opts: { recheck?: boolean } = {}): Promise<{ checked: number; passed: number; failed: number }> {
    const call = await this.calls.get(m, callId);
    const rows: SubmittedRow[] = await m.query(
      `${SUBMITTED} WHERE a.call_id = $1 AND a.status = 'SUBMITTED' AND ($2 OR a.auto_check IS NULL) ORDER BY a.reference`,
      [callId, !!opts.recheck],
    );
    const now = new Date();
    const checks = rows.map((r) => autoCheckOf(r, call, now));
    for (let i = 0; i < rows.length; i += 1000) {
      await m.query(
        `UPDATE application a SET auto_check = x.c, screening = COALESCE(a.screening, 'PENDING'), updated_at = now()
           FROM unnest($1::uuid[], $2::jsonb[]) AS x(id, c) WHERE a.id = x.id`,
        [rows.slice(i, i + 1000).map((r) => r.id), checks.slice(i, i + 1000).map((c) => JSON.stringify(c))],
      );
    }
    const passed = checks.filter((c) => c.passed).length;
    return { checked: rows.length, passed, failed: rows.length - passed };
  }

  /** One application (an officer decides before the call's automatic run reached it). */
  async screenOne(m: EntityManager, applicationId: string, call: CallRow): Promise<AutoCheck> {
    const [row]: SubmittedRow[] = await m.query(`${SUBMITTED} WHERE a.id = $1`, [applicationId]);
    const check = autoCheckOf(row, call, new Date());
    await m.query(`UPDATE application SET auto_check = $2, screening = COALESCE(screening, 'PENDING') WHERE id = $1`, [applicationId, JSON.stringify(check)]);
    return check;
  }
}
