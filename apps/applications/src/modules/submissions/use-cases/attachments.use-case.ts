import { assertCanAccess, AuthUser } from '@grants/auth';
import { ConflictError, DomainError, fieldProblem, ProblemCoding } from '@grants/common';
import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CallReplicaStore } from '../../call-replica/call-replica.store';
import { loadApplication, loadAttachments } from '../application-store';
import { sha256Hex } from '../canonical-content';
import { matchAllowedType, sniffContentType } from '../domain/magic-bytes';
import { cleanTextProblem } from '../dto/application-content.dto';
import { applicationNotFound, attachmentNotFound, requestInvalid } from '../submissions.errors';
import { assertEditable, ownApplicationForUpdate } from './edit-draft.use-case';

const fileRefused = (field: string, reason: string, coding: ProblemCoding, code = 'ATTACHMENT.REFUSED') =>
  new DomainError(code, `The file was not stored: ${reason}`, 'UNPROCESSABLE', [fieldProblem(field, reason, coding)]);

const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;

/** A file name for display and download only: no directories, no control characters. */
function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.trim();
  if (!base || base.length > 255 || cleanTextProblem(base)) {
    throw requestInvalid([{ field: 'fileName', code: 'FORMAT', params: { format: 'file-name' }, reason: 'must be a file name of 1 to 255 characters, without control characters' }]);
  }
  return base;
}

/**
 * Attachments of a working copy: one file per slot of the call's form, its type decided by the
 * bytes (magic numbers), never by the name or the Content-Type the client sends; size limits from
 * the call; stored with its SHA-256 in the same database as the application.
 */
@Injectable()
export class AttachmentsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly calls: CallReplicaStore,
  ) {}

  async upload(id: string, user: AuthUser, input: { key?: string; fileName?: string; body: unknown; declaredType?: string }) {
    if (!Buffer.isBuffer(input.body)) {
      throw requestInvalid([{ field: 'file', code: 'UNSUPPORTED_MEDIA_TYPE', reason: "must be the file's bytes as the request body, sent with the file's own Content-Type (or application/octet-stream)" }]);
    }
    const bytes = input.body;
    const fileName = cleanFileName(input.fileName);
    return this.ds.transaction(async (m) => {
      const now = new Date();
      const app = await ownApplicationForUpdate(m, id, user);
      const call = await this.calls.get(m, app.callId);
      assertEditable(app, call, now);
      const slots = call.rules.form?.attachments ?? [];
      const slot = slots.find((s) => s.key === input.key);
      if (!slot) {
        throw requestInvalid([
          { field: 'key', code: 'ONE_OF', params: { allowed: slots.map((s) => s.key) }, reason: slots.length ? `must be one of the call's attachments: ${slots.map((s) => s.key).join(', ')}` : 'this call takes no attachments' },
        ]);
      }
      if (bytes.length === 0) throw fileRefused('file', 'is empty', { code: 'EMPTY_BODY' });
      if (bytes.length > slot.maxSizeBytes) {
        throw fileRefused('file', `is ${mb(bytes.length)}; the call allows at most ${mb(slot.maxSizeBytes)} for ${slot.key}`, { code: 'FILE_TOO_LARGE', params: { maxBytes: slot.maxSizeBytes } }, 'ATTACHMENT.TOO_LARGE');
      }
      const sniffed = sniffContentType(bytes);
      const type = matchAllowedType(sniffed, slot.allowedTypes);
      if (!type) {
        throw fileRefused(
          'file',
          `"${fileName}" is a ${sniffed.label} (${sniffed.type}) by its content, whatever its name or declared type says; ${slot.key} accepts ${slot.allowedTypes.join(', ')}`,
          { code: 'FILE_TYPE', params: { allowed: slot.allowedTypes, detected: sniffed.type } },
          'ATTACHMENT.TYPE_NOT_ALLOWED',
        );
      }
      const taken = await m.query(`SELECT id FROM attachment WHERE application_id = $1 AND slot_key = $2 AND deleted_at IS NULL`, [id, slot.key]);
      if (taken.length) {
        throw new ConflictError('ATTACHMENT.SLOT_TAKEN', `${slot.key} already holds a file (${taken[0].id}): delete it first to replace it`);
      }
      const attachmentId = randomUUID();
      const sha256 = sha256Hex(bytes);
      await m.query(
        `INSERT INTO attachment (id, application_id, slot_key, file_name, content_type, size_bytes, sha256, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [attachmentId, id, slot.key, fileName, type, bytes.length, sha256, bytes, now],
      );
      await appendAudit(m, {
        action: 'attachment.uploaded',
        entityType: 'application',
        entityId: id,
        before: null,
        after: { attachmentId, key: slot.key, contentType: type, sizeBytes: bytes.length, sha256 },
      });
      return { id: attachmentId, key: slot.key, fileName, contentType: type, sizeBytes: bytes.length, sha256, createdAt: now.toISOString() };
    });
  }

  async list(id: string, user: AuthUser) {
    await this.readable(id, user);
    return { applicationId: id, attachments: await loadAttachments(this.ds.manager, id) };
  }

  async download(id: string, attachmentId: string, user: AuthUser) {
    await this.readable(id, user);
    const [f] = await this.ds.query(
      `SELECT file_name, content_type, size_bytes, sha256, content FROM attachment WHERE id = $1 AND application_id = $2`,
      [attachmentId, id],
    );
    if (!f) throw attachmentNotFound(attachmentId);
    return { fileName: f.file_name as string, contentType: f.content_type as string, sha256: f.sha256 as string, content: f.content as Buffer };
  }

  /**
   * Detaches the file from the working copy. Its bytes stay while a receipt names them, so an
   * earlier submission can still be verified.
   */
  async remove(id: string, attachmentId: string, user: AuthUser) {
    return this.ds.transaction(async (m) => {
      const now = new Date();
      const app = await ownApplicationForUpdate(m, id, user);
      assertEditable(app, await this.calls.get(m, app.callId), now);
      const rows = await m.query(
        `UPDATE attachment SET deleted_at = $3 WHERE id = $1 AND application_id = $2 AND deleted_at IS NULL RETURNING slot_key, sha256`,
        [attachmentId, id, now],
      );
      const [gone] = rows[0] as { slot_key: string; sha256: string }[];
      if (!gone) throw attachmentNotFound(attachmentId);
      await appendAudit(m, {
        action: 'attachment.deleted',
        entityType: 'application',
        entityId: id,
        before: { attachmentId, key: gone.slot_key, sha256: gone.sha256 },
        after: null,
      });
      return { deleted: attachmentId };
    });
  }

  private async readable(id: string, user: AuthUser) {
    const app = await loadApplication(this.ds.manager, id);
    // A draft is the applicant's alone; a submitted application is the officer's to screen too.
    if (!app || (app.status === 'DRAFT' && app.applicantUserId !== user.id)) throw applicationNotFound(id);
    assertCanAccess(user, app.applicantUserId, ['PROGRAMME_OFFICER'], () => applicationNotFound(id));
    return app;
  }
}
