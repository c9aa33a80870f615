import { assertCanAccess, AuthUser } from '@grants/auth';
import { NotFoundError } from '@grants/common';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadApplication } from '../application-store';
import { AttachmentRef, documentSha256, sha256Hex, SubmissionDocument } from '../canonical-content';
import { applicationNotFound } from '../submissions.errors';

const noReceipt = (id: string) => new NotFoundError('RECEIPT.NOT_FOUND', `Application ${id} has no such receipt`);

interface ReceiptRow {
  id: string;
  revision: number;
  reference: string;
  submitted_at: Date;
  content_sha256: string;
  document: SubmissionDocument | Record<string, unknown>;
}

/**
 * Receipts, retrievable at any time, and verifiable: the SHA-256 is recomputed from what is
 * stored now (the canonical content, and every attached file's bytes hashed afresh). One
 * changed byte anywhere gives another hash, and the receipt no longer verifies.
 */
@Injectable()
export class ReceiptsUseCase {
  constructor(private readonly ds: DataSource) {}

  async list(applicationId: string, user: AuthUser) {
    const app = await this.access(applicationId, user);
    const rows: ReceiptRow[] = await this.ds.query(
      `SELECT id, revision, reference, submitted_at, content_sha256 FROM receipt WHERE application_id = $1 ORDER BY revision`,
      [applicationId],
    );
    return {
      applicationId,
      callId: app.callId,
      receipts: rows.map((r) => ({
        receiptId: r.id,
        reference: r.reference,
        revision: r.revision,
        submittedAt: r.submitted_at.toISOString(),
        contentSha256: r.content_sha256,
        current: r.revision === app.revision,
      })),
    };
  }

  async verify(applicationId: string, user: AuthUser, opts: { receiptId?: string; sha256?: string }) {
    await this.access(applicationId, user);
    const [r]: ReceiptRow[] = await this.ds.query(
      `SELECT id, revision, reference, submitted_at, content_sha256, document FROM receipt
        WHERE application_id = $1 AND ($2::uuid IS NULL OR id = $2::uuid) ORDER BY revision DESC LIMIT 1`,
      [applicationId, opts.receiptId ?? null],
    );
    if (!r) throw noReceipt(applicationId);
    const refs = (Array.isArray((r.document as SubmissionDocument).attachments) ? (r.document as SubmissionDocument).attachments : []) as AttachmentRef[];
    const files = await Promise.all(
      refs.map(async (a) => {
        const [f] = await this.ds.query(
          `SELECT content FROM attachment WHERE application_id = $1 AND slot_key = $2 AND sha256 = $3 ORDER BY created_at LIMIT 1`,
          [applicationId, a.key, a.sha256],
        );
        const recomputed = f ? sha256Hex(f.content as Buffer) : null;
        return { key: a.key, sha256: a.sha256, recomputedSha256: recomputed, valid: recomputed === a.sha256 };
      }),
    );
    const recomputedDoc = refs.length
      ? { ...r.document, attachments: refs.map((a, i) => ({ ...a, sha256: files[i].recomputedSha256 ?? 'missing' })) }
      : r.document;
    const recomputed = documentSha256(recomputedDoc);
    const valid = recomputed === r.content_sha256 && files.every((f) => f.valid);
    return {
      applicationId,
      receiptId: r.id,
      reference: r.reference,
      revision: r.revision,
      submittedAt: r.submitted_at.toISOString(),
      contentSha256: r.content_sha256,
      recomputedSha256: recomputed,
      attachments: files,
      valid,
      ...(opts.sha256 ? { matchesGivenSha256: opts.sha256.toLowerCase() === r.content_sha256 && valid } : {}),
    };
  }

  private async access(applicationId: string, user: AuthUser) {
    const app = await loadApplication(this.ds.manager, applicationId);
    // A draft is its author's alone: to anyone else (officers included) it does not exist yet.
    if (!app || (app.status === 'DRAFT' && app.applicantUserId !== user.id)) throw applicationNotFound(applicationId);
    assertCanAccess(user, app.applicantUserId, ['PROGRAMME_OFFICER'], () => applicationNotFound(applicationId));
    return app;
  }
}
