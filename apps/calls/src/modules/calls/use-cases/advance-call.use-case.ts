import { CallStatus } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { callNotFound, transitionRefused } from '../calls.errors';
import { CallEntity } from '../entities/call.entity';

/** The officer's steps after closing: evaluation starts; published results are archived. */
const STEPS = {
  'start-evaluation': { from: 'CLOSED', to: 'UNDER_EVALUATION', action: 'call.evaluation-started', verb: 'put under evaluation' },
  archive: { from: 'RESULTS_PUBLISHED', to: 'ARCHIVED', action: 'call.archived', verb: 'archived' },
} as const satisfies Record<string, { from: CallStatus; to: CallStatus; action: string; verb: string }>;

export type CallStep = keyof typeof STEPS;

@Injectable()
export class AdvanceCallUseCase {
  constructor(private readonly ds: DataSource) {}

  async execute(callId: string, step: CallStep): Promise<CallEntity> {
    const s = STEPS[step];
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(CallEntity);
      const call = await repo.findOne({ where: { id: callId }, lock: { mode: 'pessimistic_write' } });
      if (!call) throw callNotFound(callId);
      if (call.status !== s.from) throw transitionRefused(s.verb, call.status);
      call.status = s.to;
      call.updatedAt = new Date();
      await repo.save(call);
      await appendAudit(m, { action: s.action, entityType: 'call', entityId: callId, before: { status: s.from }, after: { status: s.to } });
      return call;
    });
  }
}
