import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { callNotDraft, callNotFound, referenceTaken } from '../calls.errors';
import { UpdateCallDto } from '../dto/update-call.dto';
import { CallEntity } from '../entities/call.entity';
import { applyDraftFields, auditedDraft, checkReferences, isUniqueViolation, refuseNulls } from './draft-fields';

@Injectable()
export class UpdateDraftUseCase {
  constructor(private readonly ds: DataSource) {}

  async execute(callId: string, dto: UpdateCallDto): Promise<CallEntity> {
    refuseNulls(dto);
    try {
      return await this.ds.transaction(async (m) => {
        const repo = m.getRepository(CallEntity);
        const call = await repo.findOne({ where: { id: callId }, lock: { mode: 'pessimistic_write' } });
        if (!call) throw callNotFound(callId);
        if (call.status !== 'DRAFT') throw callNotDraft(call.status);
        const before = auditedDraft(call);
        applyDraftFields(call, dto);
        call.updatedAt = new Date();
        await checkReferences(m, call);
        await repo.save(call);
        await appendAudit(m, {
          action: 'call.draft-updated',
          entityType: 'call',
          entityId: call.id,
          before,
          after: { ...auditedDraft(call), fields: Object.keys(dto).sort() },
        });
        return call;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw referenceTaken(dto.referenceCode ?? '');
      throw err;
    }
  }
}
