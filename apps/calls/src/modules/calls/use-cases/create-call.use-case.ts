import { currentContext } from '@grants/common';
import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { referenceTaken } from '../calls.errors';
import { CreateCallDto } from '../dto/create-call.dto';
import { CallEntity } from '../entities/call.entity';
import { applyDraftFields, auditedDraft, checkReferences, isUniqueViolation } from './draft-fields';

@Injectable()
export class CreateCallUseCase {
  constructor(private readonly ds: DataSource) {}

  async execute(dto: CreateCallDto): Promise<CallEntity> {
    try {
      return await this.ds.transaction(async (m) => {
        const now = new Date();
        const call = m.getRepository(CallEntity).create({
          id: randomUUID(),
          status: 'DRAFT',
          programmeId: null,
          funder: null,
          submissionLanguages: [],
          eligibility: null,
          form: null,
          rubric: null,
          evaluation: null,
          awardRules: null,
          paymentPolicy: null,
          appealWindowDays: null,
          version: 1,
          createdBy: currentContext()?.actorId ?? null,
          createdAt: now,
          updatedAt: now,
          publishedAt: null,
          openedAt: null,
          closedAt: null,
          cancelledAt: null,
          cancelReason: null,
        });
        applyDraftFields(call, dto);
        await checkReferences(m, call);
        await m.getRepository(CallEntity).insert(call);
        await appendAudit(m, { action: 'call.created', entityType: 'call', entityId: call.id, before: null, after: auditedDraft(call) });
        return call;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw referenceTaken(dto.referenceCode);
      throw err;
    }
  }
}
