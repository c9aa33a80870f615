import { AuthUser } from '@grants/auth';
import { ConflictError, DomainError } from '@grants/common';
import { Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { OutboxWriter } from '@grants/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GrantClosure } from '../grants/grant-closure';
import { lockGrant } from '../grants/grant-row';
import { TrancheReleaser } from '../payments/use-cases/tranche-releaser';
import { agreementNotSigned, grantNotFound, grantNotOpen, reportNotFound } from '../shared/disbursement.errors';
import { SubmitReportDto } from './reports.dto';

/**
 * The grantee files an interim or final report: narrative, indicators, attachments. Interim reports
 * are numbered in order of approval (the n-th approved interim report releases the n-th interim
 * tranche); a returned report stays on record and the grantee files a new one.
 */
@Injectable()
export class SubmitReportUseCase {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async execute(grantId: string, user: AuthUser, dto: SubmitReportDto): Promise<{ reportId: string }> {
    return this.ds.transaction(async (m) => {
      const grant = await lockGrant(m, grantId);
      // Only the grantee files reports; anyone else sees no such grant.
      if (!grant || grant.applicantUserId !== user.id) throw grantNotFound(grantId);
      if (grant.status !== 'OPEN') throw grantNotOpen(grant.status);
      if (grant.agreementStatus !== 'SIGNED') throw agreementNotSigned();
      const [{ approvedInterim, finalApproved }] = await m.query(
        `SELECT count(*) FILTER (WHERE kind = 'INTERIM' AND status = 'APPROVED')::int AS "approvedInterim",
                bool_or(kind = 'FINAL' AND status = 'APPROVED') AS "finalApproved"
           FROM grant_report WHERE grant_id = $1`,
        [grantId],
      );
      if (finalApproved) throw new ConflictError('DISBURSEMENT.FINAL_REPORT_APPROVED', 'The final report is already approved');
      const number = dto.kind === 'FINAL' ? 1 : approvedInterim + 1;
      const [waiting] = await m.query(`SELECT id FROM grant_report WHERE grant_id = $1 AND kind = $2 AND status = 'SUBMITTED'`, [grantId, dto.kind]);
      if (waiting) {
        throw new ConflictError('DISBURSEMENT.REPORT_AWAITING_DECISION', `A ${dto.kind.toLowerCase()} report (${waiting.id}) is awaiting the officer's decision`);
      }
      const reportId = randomUUID();
      await m.query(
        `INSERT INTO grant_report (id, grant_id, kind, number, status, narrative, indicators, submitted_by) VALUES ($1, $2, $3, $4, 'SUBMITTED', $5, $6, $7)`,
        [reportId, grantId, dto.kind, number, dto.narrative, JSON.stringify(dto.indicators), user.id],
      );
      const files = [];
      for (const [i, a] of (dto.attachments ?? []).entries()) {
        const content = Buffer.from(a.contentBase64, 'base64');
        if (content.length > 5 * 1024 * 1024) {
          throw new DomainError('DISBURSEMENT.ATTACHMENT_TOO_LARGE', `${a.fileName} is larger than 5 MB`, 'VALIDATION', [
            { field: `attachments[${i}].contentBase64`, code: 'FILE_TOO_LARGE', params: { maxBytes: 5 * 1024 * 1024 }, reason: 'must be at most 5 MB once decoded' },
          ]);
        }
        const sha256 = createHash('sha256').update(content).digest('hex');
        await m.query(
          `INSERT INTO grant_report_attachment (id, report_id, file_name, content_type, size_bytes, sha256, content) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [randomUUID(), reportId, a.fileName, a.contentType, content.length, sha256, content],
        );
        files.push({ fileName: a.fileName, sizeBytes: content.length, sha256 });
      }
      await appendAudit(m, {
        action: 'REPORT_SUBMITTED',
        entityType: 'report',
        entityId: reportId,
        after: { grantId, kind: dto.kind, number, indicators: dto.indicators, attachments: files },
        actorId: user.id,
      });
      return { reportId };
    });
  }
}

/**
 * The officer approves a report — which releases its tranche (the last one, for the final report)
 * and may close the grant — or returns it with a comment.
 */
@Injectable()
export class DecideReportUseCase {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly releaser: TrancheReleaser,
    private readonly closure: GrantClosure,
  ) {}

  async execute(reportId: string, user: AuthUser, decision: 'APPROVED' | 'RETURNED', comment: string | undefined): Promise<{ paymentId: string | null }> {
    return this.ds.transaction(async (m) => {
      const [head] = await m.query(`SELECT grant_id AS "grantId" FROM grant_report WHERE id = $1`, [reportId]);
      if (!head) throw reportNotFound(reportId);
      const grant = await lockGrant(m, head.grantId);
      if (!grant) throw grantNotFound(head.grantId);
      const [report] = await m.query(`SELECT id, kind, number, status FROM grant_report WHERE id = $1 FOR UPDATE`, [reportId]);
      if (report.status !== 'SUBMITTED') throw new ConflictError('DISBURSEMENT.REPORT_ALREADY_DECIDED', `The report is already ${report.status}`);
      if (grant.status !== 'OPEN') throw grantNotOpen(grant.status);
      await m.query(
        `UPDATE grant_report SET status = $2, decided_by = $3, decided_at = now(), decision_comment = $4 WHERE id = $1 AND status = 'SUBMITTED'`,
        [reportId, decision, user.id, comment ?? null],
      );
      await appendAudit(m, {
        action: `REPORT_${decision}`,
        entityType: 'report',
        entityId: reportId,
        before: { status: 'SUBMITTED' },
        after: { status: decision, comment: comment ?? null },
        actorId: user.id,
      });
      await this.outbox.append(m, {
        topic: Topics.ReportDecidedV1,
        aggregateId: reportId,
        payload: {
          reportId,
          grantId: grant.id,
          callId: grant.callId,
          ...(grant.applicantUserId ? { applicantUserId: grant.applicantUserId } : {}),
          kind: report.kind,
          number: report.number,
          decision,
          ...(comment ? { comment } : {}),
          decidedAt: new Date().toISOString(),
        },
      });
      if (decision === 'RETURNED') return { paymentId: null };
      const paymentId = await this.releaser.release(
        m,
        grant,
        report.kind === 'FINAL' ? 'ON_FINAL_REPORT_APPROVED' : 'ON_INTERIM_REPORT_APPROVED',
        report.number,
        user.id,
      );
      await this.closure.closeIfComplete(m, grant.id, user.id);
      return { paymentId };
    });
  }
}
