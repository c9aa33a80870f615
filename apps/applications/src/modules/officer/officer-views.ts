import { Injectable } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { CallReplicaStore } from '../call-replica/call-replica.store';
import { AutoCheck } from '../submissions/application-store';
import { ageOn, localDate } from '../submissions/domain/content-rules';
import { SelfIdentificationFlag } from '../submissions/domain/self-identification';
import { formatInZone } from '../submissions/submissions.errors';
import { currentStatus } from '../status/status.controller';
import { toCsv } from './csv';

export class ApplicationFilterDto {
  @IsOptional() @IsIn(['SUBMITTED', 'WITHDRAWN']) status?: string;
  @IsOptional() @IsIn(['NONE', 'PENDING', 'ELIGIBLE', 'INELIGIBLE', 'CLARIFICATION_REQUESTED', 'CLARIFICATION_EXPIRED']) screening?: string;
  @IsOptional() @IsIn(['NONE', 'UNDER_REVIEW', 'AWARDED', 'RESERVE', 'NOT_SELECTED']) outcome?: string;
  @IsOptional() @IsIn(['passed', 'failed', 'unchecked']) autoCheck?: string;
  /** Possible self-identification in a blind entry. */
  @IsOptional() @IsIn(['true', 'false']) flagged?: string;
  @IsOptional() @Matches(/^[a-z]{2,3}$/) language?: string;
  /** Reference, applicant name, e-mail or school contains this. */
  @IsOptional() @IsString() @Length(1, 200) q?: string;
  @IsOptional() @IsUUID() applicationId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

interface Row {
  id: string;
  reference: string;
  status: 'SUBMITTED' | 'WITHDRAWN';
  screening: string | null;
  outcome: string | null;
  language: string;
  title: string | null;
  submitted_at: Date;
  revision: number;
  content_sha256: string;
  requested_amount_minor: string | null;
  partner_municipality: string | null;
  self_identification: SelfIdentificationFlag[];
  auto_check: AutoCheck | null;
  decision_reason: string | null;
  withdrawn_at: Date | null;
  full_name: string | null;
  email: string | null;
  school: string | null;
  organisation: string | null;
  applicant_type: string | null;
  date_of_birth: string | null;
  guardian_consented_at: Date | null;
  total: string;
}

/** The officer's view of a call's applications: submitted ones only (drafts are the applicant's). */
@Injectable()
export class OfficerViews {
  constructor(
    private readonly ds: DataSource,
    private readonly calls: CallReplicaStore,
  ) {}

  async list(callId: string, f: ApplicationFilterDto, opts: { all?: boolean } = {}) {
    const call = await this.calls.get(this.ds.manager, callId);
    const where = [`a.call_id = $1`, `a.status <> 'DRAFT'`];
    const params: unknown[] = [callId];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (f.status) where.push(`a.status = ${p(f.status)}`);
    if (f.screening) where.push(f.screening === 'NONE' ? `a.screening IS NULL` : `a.screening = ${p(f.screening)}`);
    if (f.outcome) where.push(f.outcome === 'NONE' ? `a.outcome IS NULL` : `a.outcome = ${p(f.outcome)}`);
    if (f.autoCheck === 'unchecked') where.push(`a.auto_check IS NULL`);
    if (f.autoCheck === 'passed' || f.autoCheck === 'failed') where.push(`(a.auto_check->>'passed')::boolean = ${p(f.autoCheck === 'passed')}`);
    if (f.flagged) where.push(f.flagged === 'true' ? `jsonb_array_length(a.self_identification) > 0` : `jsonb_array_length(a.self_identification) = 0`);
    if (f.language) where.push(`a.language = ${p(f.language)}`);
    if (f.applicationId) where.push(`a.id = ${p(f.applicationId)}`);
    if (f.q) {
      const like = p(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(a.reference ILIKE ${like} OR i.full_name ILIKE ${like} OR i.email ILIKE ${like} OR i.school ILIKE ${like})`);
    }
    const limit = opts.all ? 100_000 : (f.limit ?? 100);
    const rows: Row[] = await this.ds.query(
      `SELECT a.id, a.reference, a.status, a.screening, a.outcome, a.language, a.review_content->>'title' AS title, a.submitted_at,
              a.revision, a.content_sha256, a.review_content->>'requestedAmountMinor' AS requested_amount_minor,
              a.review_content->>'partnerMunicipality' AS partner_municipality, a.self_identification, a.auto_check,
              a.decision_reason, a.withdrawn_at, i.full_name, i.email, i.school, i.organisation, i.applicant_type,
              to_char(i.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, i.guardian_consented_at, count(*) OVER () AS total
         FROM application a LEFT JOIN applicant_identity i ON i.application_id = a.id
        WHERE ${where.join(' AND ')}
        ORDER BY a.reference LIMIT ${p(limit)} OFFSET ${p(opts.all ? 0 : (f.offset ?? 0))}`,
      params,
    );
    const items = rows.map((r) => ({
      applicationId: r.id,
      reference: r.reference,
      status: currentStatus({ status: r.status, screening: r.screening as never, outcome: r.outcome as never }),
      applicationStatus: r.status,
      screening: r.screening,
      outcome: r.outcome,
      language: r.language,
      title: r.title,
      submittedAt: r.submitted_at.toISOString(),
      submittedAtLocal: formatInZone(r.submitted_at, call.timeZone),
      revision: r.revision,
      contentSha256: r.content_sha256,
      requestedAmountMinor: r.requested_amount_minor,
      partnerMunicipality: r.partner_municipality,
      applicant: {
        fullName: r.full_name,
        email: r.email,
        school: r.school,
        organisation: r.organisation,
        applicantType: r.applicant_type,
        ageAtSubmission: r.date_of_birth ? ageOn(r.date_of_birth, localDate(r.submitted_at, call.timeZone)) : null,
        guardianConsent: !!r.guardian_consented_at,
      },
      selfIdentification: r.self_identification,
      autoCheck: r.auto_check,
      decisionReason: r.decision_reason,
      withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
    }));
    return { callId, referenceCode: call.referenceCode, currency: call.currency, total: rows.length ? Number(rows[0].total) : 0, items };
  }

  async csv(callId: string, f: ApplicationFilterDto): Promise<{ fileName: string; body: string }> {
    const { referenceCode, currency, items } = await this.list(callId, f, { all: true });
    const header = [
      'reference', 'status', 'screening', 'outcome', 'submitted_at_utc', 'submitted_at_local', 'revision', 'language', 'title',
      'applicant_name', 'email', 'school', 'organisation', 'applicant_type', 'age_at_submission', 'guardian_consent',
      'requested_amount_minor', 'currency', 'partner_municipality', 'auto_check', 'auto_check_problems', 'self_identification',
      'decision_reason', 'content_sha256',
    ];
    const rows = items.map((i) => [
      i.reference, i.status, i.screening, i.outcome, i.submittedAt, i.submittedAtLocal, i.revision, i.language, i.title,
      i.applicant.fullName, i.applicant.email, i.applicant.school, i.applicant.organisation, i.applicant.applicantType,
      i.applicant.ageAtSubmission, i.applicant.guardianConsent ? 'yes' : 'no', i.requestedAmountMinor, i.requestedAmountMinor ? currency : '',
      i.partnerMunicipality, i.autoCheck ? (i.autoCheck.passed ? 'passed' : 'failed') : 'unchecked',
      (i.autoCheck?.problems ?? []).map((p) => `${p.field}: ${p.reason}`).join('; '),
      i.selfIdentification.map((s) => `${s.field}: ${s.matched}`).join('; '), i.decisionReason, i.contentSha256,
    ]);
    return { fileName: `${referenceCode}-applications.csv`, body: toCsv(header, rows) };
  }
}
