import { Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { canonicalJson, sha256Hex } from '../canonical-content';
import { SubmitApplicationDto } from '../dto/submit-application.dto';
import { ApplicantIdentityEntity, ApplicationEntity } from '../entities/application.entity';
import { callUnknown, deadlinePassed, notYetOpen } from '../submissions.errors';

interface ReplicaRow {
  reference_code: string;
  opens_at: Date;
  closes_at: Date;
  time_zone: string;
  next_sequence: number;
}

export interface Receipt {
  applicationId: string;
  reference: string;
  submittedAt: string;
  contentSha256: string;
}

@Injectable()
export class SubmitApplicationUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(callId: string, applicantUserId: string, dto: SubmitApplicationDto): Promise<Receipt> {
    return this.ds.transaction(async (m) => {
      // Taking the next sequence number locks the replica row: the deadline check and the
      // numbering happen against the same committed state of the call.
      const [call]: ReplicaRow[] = await m.query(
        `WITH taken AS (
           UPDATE call_replica SET next_sequence = next_sequence + 1 WHERE call_id = $1
           RETURNING reference_code, opens_at, closes_at, time_zone, next_sequence)
         SELECT * FROM taken`,
        [callId],
      );
      if (!call) throw callUnknown(callId);
      const opensAt = new Date(call.opens_at);
      const closesAt = new Date(call.closes_at);
      const now = new Date(); // the server clock decides, whatever the client says
      if (now < opensAt) throw notYetOpen(opensAt, call.time_zone);
      if (now >= closesAt) throw deadlinePassed(closesAt, call.time_zone);

      const reviewContent = { title: dto.title, text: dto.text };
      const contentSha256 = sha256Hex(canonicalJson({ language: dto.language, reviewContent }));
      const application = m.getRepository(ApplicationEntity).create({
        id: randomUUID(),
        callId,
        applicantUserId,
        reference: `${call.reference_code}-${String(call.next_sequence).padStart(4, '0')}`,
        status: 'SUBMITTED',
        language: dto.language,
        reviewContent,
        contentSha256,
        submittedAt: now,
      });
      await m.getRepository(ApplicationEntity).insert(application as QueryDeepPartialEntity<ApplicationEntity>);
      await m.insert(ApplicantIdentityEntity, {
        applicationId: application.id,
        fullName: dto.applicant.fullName,
        email: dto.applicant.email,
      });
      await appendAudit(m, {
        action: 'application.submitted',
        entityType: 'application',
        entityId: application.id,
        before: null,
        after: { callId, reference: application.reference, status: 'SUBMITTED', contentSha256 },
      });
      await this.outbox.append(m, {
        topic: Topics.ApplicationSubmittedV1,
        aggregateId: application.id,
        payload: {
          applicationId: application.id,
          callId,
          reference: application.reference,
          submittedAt: now.toISOString(),
          contentSha256,
          language: dto.language,
          reviewContent, // never the applicant's identity
        },
      });
      await this.outbox.append(m, {
        topic: Topics.ReceiptIssuedV1,
        aggregateId: application.id,
        payload: {
          applicationId: application.id,
          callId,
          applicantUserId,
          reference: application.reference,
          submittedAt: now.toISOString(),
          contentSha256,
        },
      });
      return { applicationId: application.id, reference: application.reference, submittedAt: now.toISOString(), contentSha256 };
    });
  }
}
