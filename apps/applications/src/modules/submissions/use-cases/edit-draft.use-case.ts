import { AuthUser } from '@grants/auth';
import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { withAccountType } from '../../accounts/user-registered.handler';
import { assertOpen, CallReplicaStore, CallRow } from '../../call-replica/call-replica.store';
import { ApplicationRow, AttachmentMeta, loadApplication, loadAttachments } from '../application-store';
import { contentOf, identityOf, mergeContent, parseBody } from '../content-input';
import { ApplicantIdentity, ApplicationContent } from '../domain/application-content';
import { contentProblems, problemsTouching } from '../domain/content-rules';
import { draftView } from '../draft-view';
import { CreateDraftDto, GuardianConsentDto, PatchDraftDto } from '../dto/application-content.dto';
import { applicationInvalid, applicationNotFound, notEditable, staleVersion, versionRequired } from '../submissions.errors';

export type DraftView = ReturnType<typeof draftView>;

const IDENTITY_COLUMNS: Record<keyof ApplicantIdentity, string> = {
  fullName: 'full_name',
  email: 'email',
  phone: 'phone',
  school: 'school',
  organisation: 'organisation',
  dateOfBirth: 'date_of_birth',
  applicantType: 'applicant_type',
};

/** The draft view, with the account's applicant type where the application states none. */
async function viewOf(m: EntityManager, app: ApplicationRow, call: CallRow, attachments: AttachmentMeta[], now: Date): Promise<DraftView> {
  const identity = call.rules.eligibility?.applicantTypes?.length ? await withAccountType(m, app.applicantUserId, app.identity) : app.identity;
  return draftView({ ...app, identity }, call, attachments, now);
}

/** The owner's application, locked; 404 for anyone else (ids cannot be probed). */
export async function ownApplicationForUpdate(m: EntityManager, id: string, user: AuthUser): Promise<ApplicationRow> {
  const app = await loadApplication(m, id, { lock: true });
  if (!app || app.applicantUserId !== user.id) throw applicationNotFound(id);
  return app;
}

/** A working copy changes only while the call is open and the application not withdrawn. */
export function assertEditable(app: ApplicationRow, call: CallRow, now: Date): void {
  if (app.status === 'WITHDRAWN') throw notEditable(app.status);
  assertOpen(call, now);
}

/**
 * Drafts: created for an open call, saved section by section (autosave) with optimistic
 * concurrency, so that two tabs never overwrite each other silently. A stale or invalid write
 * changes nothing.
 */
@Injectable()
export class EditDraftUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly calls: CallReplicaStore,
  ) {}

  async create(callId: string, user: AuthUser, raw: unknown): Promise<DraftView> {
    const body = await parseBody(CreateDraftDto, raw);
    const content = contentOf(body as unknown as Record<string, unknown>);
    const identity = identityOf(body.applicant as unknown as Record<string, unknown>);
    return this.ds.transaction(async (m) => {
      const now = new Date();
      const call = await this.calls.get(m, callId);
      assertOpen(call, now);
      this.checkWritten(content, identity, call, now, [...Object.keys(content), ...Object.keys(identity).map((k) => `applicant.${k}`)]);
      const id = randomUUID();
      await m.query(
        `INSERT INTO application (id, call_id, applicant_user_id, status, language, draft_content, version, created_at, updated_at)
         VALUES ($1, $2, $3, 'DRAFT', $4, $5, 1, $6, $6)`,
        [id, callId, user.id, content.language ?? call.rules.defaultLanguage, JSON.stringify(content), now],
      );
      await m.query(
        `INSERT INTO applicant_identity (application_id, full_name, email, phone, school, organisation, date_of_birth, applicant_type, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9)`,
        [id, identity.fullName ?? null, identity.email ?? null, identity.phone ?? null, identity.school ?? null, identity.organisation ?? null, identity.dateOfBirth ?? null, identity.applicantType ?? null, now],
      );
      await appendAudit(m, {
        action: 'application.draft-created',
        entityType: 'application',
        entityId: id,
        before: null,
        after: { callId, status: 'DRAFT', version: 1, fields: Object.keys(content) },
      });
      return viewOf(m, (await loadApplication(m, id))!, call, [], now);
    });
  }

  async get(id: string, user: AuthUser): Promise<DraftView> {
    const app = await loadApplication(this.ds.manager, id);
    if (!app || app.applicantUserId !== user.id) throw applicationNotFound(id);
    const call = await this.calls.get(this.ds.manager, app.callId);
    return viewOf(this.ds.manager, app, call, await loadAttachments(this.ds.manager, id), new Date());
  }

  /** PATCH: the fields given replace the stored ones (`null` clears); `version` must be the current one. */
  async patch(id: string, user: AuthUser, raw: unknown, ifMatchVersion: number | undefined): Promise<DraftView> {
    const body = await parseBody(PatchDraftDto, raw, { allowNull: true });
    const expected = ifMatchVersion ?? body.version;
    if (expected === undefined) throw versionRequired();
    return this.ds.transaction(async (m) => {
      const now = new Date();
      const app = await ownApplicationForUpdate(m, id, user);
      const call = await this.calls.get(m, app.callId);
      assertEditable(app, call, now);
      if (app.version !== expected) throw staleVersion(app.version, expected);

      const { content, written } = mergeContent(app.draftContent, body as unknown as Record<string, unknown>);
      const applicantPatch = (raw as { applicant?: Record<string, unknown> | null }).applicant;
      const identity: ApplicantIdentity = { ...app.identity };
      const writtenIdentity: string[] = [];
      if (applicantPatch && typeof applicantPatch === 'object') {
        for (const k of Object.keys(IDENTITY_COLUMNS) as (keyof ApplicantIdentity)[]) {
          if (!(k in applicantPatch)) continue;
          writtenIdentity.push(k);
          const v = applicantPatch[k];
          if (v === null) delete identity[k];
          else identity[k] = v as string;
        }
      }
      this.checkWritten(content, identity, call, now, [...written, ...writtenIdentity.map((k) => `applicant.${k}`)]);

      const version = app.version + 1;
      await m.query(`UPDATE application SET draft_content = $2, language = $3, version = $4, updated_at = $5 WHERE id = $1`, [
        id,
        JSON.stringify(content),
        content.language ?? app.language,
        version,
        now,
      ]);
      if (writtenIdentity.length) {
        const cols = writtenIdentity.map((k, i) => `${IDENTITY_COLUMNS[k as keyof ApplicantIdentity]} = $${i + 2}${k === 'dateOfBirth' ? '::date' : ''}`);
        await m.query(`UPDATE applicant_identity SET ${cols.join(', ')}, updated_at = now() WHERE application_id = $1`, [
          id,
          ...writtenIdentity.map((k) => identity[k as keyof ApplicantIdentity] ?? null),
        ]);
      }
      // The audit says what changed, not the text: personal data must not be frozen in an append-only log.
      await appendAudit(m, {
        action: 'application.draft-saved',
        entityType: 'application',
        entityId: id,
        before: { version: app.version },
        after: { version, fields: written, applicantFields: writtenIdentity },
      });
      return viewOf(m, (await loadApplication(m, id))!, call, await loadAttachments(m, id), now);
    });
  }

  /** A guardian's consent for a minor, recorded with the server's time. */
  async recordConsent(id: string, user: AuthUser, raw: unknown): Promise<DraftView> {
    const body = await parseBody(GuardianConsentDto, raw);
    return this.ds.transaction(async (m) => {
      const now = new Date();
      const app = await ownApplicationForUpdate(m, id, user);
      const call = await this.calls.get(m, app.callId);
      assertEditable(app, call, now);
      await m.query(
        `UPDATE applicant_identity SET guardian_name = $2, guardian_relation = $3, guardian_consented_at = $4, updated_at = $4 WHERE application_id = $1`,
        [id, body.guardianName, body.relation, now],
      );
      await appendAudit(m, {
        action: 'application.guardian-consent-recorded',
        entityType: 'application',
        entityId: id,
        before: { consented: !!app.consent },
        after: { consented: true, relation: body.relation, consentedAt: now.toISOString() },
      });
      return viewOf(m, (await loadApplication(m, id))!, call, await loadAttachments(m, id), now);
    });
  }

  /** Values that can never be right refuse the write; what is merely missing waits for submission. */
  private checkWritten(content: ApplicationContent, identity: ApplicantIdentity, call: CallRow, now: Date, written: string[]): void {
    const problems = contentProblems(content, { rules: call.rules, currency: call.currency, timeZone: call.timeZone, now, mode: 'partial', identity });
    const touching = problemsTouching(problems, new Set(written));
    if (touching.length) throw applicationInvalid(touching, 'The draft was not saved: some values break the call\'s rules');
  }
}
