import { EntityManager } from 'typeorm';
import { AttachmentRef } from './canonical-content';
import { ApplicantIdentity, ApplicationContent, GuardianConsent } from './domain/application-content';
import { SelfIdentificationFlag } from './domain/self-identification';

export type ApplicationStatus = 'DRAFT' | 'SUBMITTED' | 'WITHDRAWN';
export type Screening = 'PENDING' | 'ELIGIBLE' | 'INELIGIBLE' | 'CLARIFICATION_REQUESTED' | 'CLARIFICATION_EXPIRED';
export type Outcome = 'UNDER_REVIEW' | 'AWARDED' | 'RESERVE' | 'NOT_SELECTED';

export interface AutoCheck {
  passed: boolean;
  problems: { field: string; reason: string }[];
  checkedAt: string;
}

/** One application with its personal data (kept in another table), as the use cases need it. */
export interface ApplicationRow {
  id: string;
  callId: string;
  applicantUserId: string | null;
  reference: string | null;
  status: ApplicationStatus;
  language: string;
  draftContent: ApplicationContent;
  reviewContent: Record<string, unknown> | null;
  contentSha256: string | null;
  submittedAt: Date | null;
  firstSubmittedAt: Date | null;
  version: number;
  revision: number;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  selfIdentification: SelfIdentificationFlag[];
  screening: Screening | null;
  autoCheck: AutoCheck | null;
  decisionReason: string | null;
  decidedAt: Date | null;
  outcome: Outcome | null;
  resultsPublishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  identity: ApplicantIdentity;
  consent: GuardianConsent | null;
}

export const APPLICATION_COLUMNS = `
  a.id, a.call_id, a.applicant_user_id, a.reference, a.status, a.language, a.draft_content, a.review_content,
  a.content_sha256, a.submitted_at, a.first_submitted_at, a.version, a.revision, a.withdrawn_at, a.withdrawal_reason,
  a.self_identification, a.screening, a.auto_check, a.decision_reason, a.decided_at, a.outcome, a.results_published_at,
  a.created_at, a.updated_at,
  i.full_name, i.email, i.phone, i.school, i.organisation, to_char(i.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  i.applicant_type, i.guardian_name, i.guardian_relation, i.guardian_consented_at`;

const strip = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

export function toApplicationRow(r: Record<string, any>): ApplicationRow {
  return {
    id: r.id,
    callId: r.call_id,
    applicantUserId: r.applicant_user_id,
    reference: r.reference,
    status: r.status,
    language: r.language,
    draftContent: r.draft_content ?? {},
    reviewContent: r.review_content,
    contentSha256: r.content_sha256,
    submittedAt: r.submitted_at,
    firstSubmittedAt: r.first_submitted_at,
    version: r.version,
    revision: r.revision,
    withdrawnAt: r.withdrawn_at,
    withdrawalReason: r.withdrawal_reason,
    selfIdentification: r.self_identification ?? [],
    screening: r.screening,
    autoCheck: r.auto_check,
    decisionReason: r.decision_reason,
    decidedAt: r.decided_at,
    outcome: r.outcome,
    resultsPublishedAt: r.results_published_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    identity: strip({
      fullName: r.full_name,
      email: r.email,
      phone: r.phone,
      school: r.school,
      organisation: r.organisation,
      dateOfBirth: r.date_of_birth,
      applicantType: r.applicant_type,
    }),
    consent: r.guardian_consented_at
      ? { guardianName: r.guardian_name, relation: r.guardian_relation, consentedAt: new Date(r.guardian_consented_at).toISOString() }
      : null,
  };
}

export async function loadApplication(m: EntityManager, id: string, opts: { lock?: boolean } = {}): Promise<ApplicationRow | null> {
  const [r] = await m.query(
    `SELECT ${APPLICATION_COLUMNS}
       FROM application a LEFT JOIN applicant_identity i ON i.application_id = a.id
      WHERE a.id = $1 ${opts.lock ? 'FOR UPDATE OF a' : ''}`,
    [id],
  );
  return r ? toApplicationRow(r) : null;
}

export interface AttachmentMeta extends AttachmentRef {
  id: string;
  fileName: string;
  createdAt: string;
}

/** The files currently attached to the working copy (never their bytes). */
export async function loadAttachments(m: EntityManager, applicationId: string): Promise<AttachmentMeta[]> {
  const rows: Record<string, any>[] = await m.query(
    `SELECT id, slot_key, file_name, content_type, size_bytes, sha256, created_at
       FROM attachment WHERE application_id = $1 AND deleted_at IS NULL ORDER BY slot_key`,
    [applicationId],
  );
  return rows.map((r) => ({
    id: r.id,
    key: r.slot_key,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export const attachmentRefs = (list: AttachmentMeta[]): AttachmentRef[] =>
  list.map(({ key, contentType, sizeBytes, sha256 }) => ({ key, contentType, sizeBytes, sha256 }));

/** Appends a step to the applicant's timeline (submissions come from receipts). */
export async function addTimeline(
  m: EntityManager,
  applicationId: string,
  status: string,
  at: Date,
  note?: string | null,
  detail?: Record<string, unknown>,
): Promise<void> {
  await m.query(`INSERT INTO application_timeline (application_id, status, at, note, detail) VALUES ($1, $2, $3, $4, $5)`, [
    applicationId,
    status,
    at,
    note ?? null,
    detail ? JSON.stringify(detail) : null,
  ]);
}
