import { AuthUser } from '@grants/auth';
import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { settingsOf } from '../../workflow/entry-settlement.service';
import { callCancelled, evaluatorNotFound, invitationNotFound, invitationState } from '../../workflow/evaluation.errors';
import { EvaluationRepository } from '../../workflow/evaluation.repository';
import { StaffingService } from '../../workflow/staffing.service';
import { AcceptInvitationDto, InviteEvaluatorDto } from '../dto/pool.dto';

const clean = (xs?: string[]) => [...new Set((xs ?? []).map((x) => x.trim()).filter(Boolean))];

/** The officer invites a pool member to a call's panel. */
@Injectable()
export class InviteEvaluatorUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
  ) {}

  async execute(callId: string, dto: InviteEvaluatorDto, officer: AuthUser) {
    return this.ds.transaction(async (m) => {
      const call = await this.repo.lockCall(m, callId);
      if (call.status === 'CANCELLED') throw callCancelled(callId);
      if (!(await this.repo.profile(m, dto.evaluatorId))) throw evaluatorNotFound(dto.evaluatorId);
      const place = await this.repo.panelPlace(m, callId, dto.evaluatorId);
      if (place && (place.status === 'ACCEPTED' || place.status === 'INVITED')) throw invitationState(place.status);
      await this.repo.invite(m, callId, dto.evaluatorId, dto.maxLoad ?? null, officer.id);
      await appendAudit(m, {
        action: 'panel.invited',
        entityType: 'panel',
        entityId: `${callId}/${dto.evaluatorId}`,
        before: place ? { status: place.status } : undefined,
        after: { status: 'INVITED', maxLoad: dto.maxLoad ?? null },
      });
      return { callId, evaluatorId: dto.evaluatorId, status: 'INVITED', maxLoad: dto.maxLoad ?? null };
    });
  }
}

/** The evaluator accepts (declaring conflicts for this call) or declines a place on the panel. */
@Injectable()
export class RespondToInvitationUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
  ) {}

  async accept(user: AuthUser, callId: string, dto: AcceptInvitationDto) {
    return this.ds.transaction(async (m) => {
      await this.repo.lockCall(m, callId);
      const place = await this.repo.panelPlace(m, callId, user.id, true);
      if (!place) throw invitationNotFound(callId);
      if (place.status !== 'INVITED') throw invitationState(place.status);
      const declared = {
        organisations: clean(dto.declaredConflicts?.organisations),
        municipalities: clean(dto.declaredConflicts?.municipalities),
        persons: clean(dto.declaredConflicts?.persons),
      };
      await this.repo.setPanelStatus(m, callId, user.id, 'ACCEPTED', { declared });
      await appendAudit(m, {
        action: 'panel.accepted',
        entityType: 'panel',
        entityId: `${callId}/${user.id}`,
        before: { status: place.status },
        after: { status: 'ACCEPTED', declaredConflicts: declared },
      });
      return { callId, status: 'ACCEPTED', declaredConflicts: declared };
    });
  }

  async decline(user: AuthUser, callId: string, reason: string | undefined) {
    return this.ds.transaction(async (m) => {
      await this.repo.lockCall(m, callId);
      const place = await this.repo.panelPlace(m, callId, user.id, true);
      if (!place) throw invitationNotFound(callId);
      if (place.status !== 'INVITED') throw invitationState(place.status);
      await this.repo.setPanelStatus(m, callId, user.id, 'DECLINED', { reason: reason ?? null });
      await appendAudit(m, {
        action: 'panel.declined',
        entityType: 'panel',
        entityId: `${callId}/${user.id}`,
        before: { status: place.status },
        after: { status: 'DECLINED', reason: reason ?? null },
      });
      return { callId, status: 'DECLINED' };
    });
  }
}

/**
 * An evaluator leaves a panel (or the officer removes them): every open assignment of theirs is
 * released and restaffed by the same rules; submitted score sheets stay and count.
 */
@Injectable()
export class LeavePanelUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly staffing: StaffingService,
  ) {}

  async execute(callId: string, evaluatorId: string, reason: string) {
    return this.ds.transaction(async (m) => {
      const call = await this.repo.lockCall(m, callId);
      const place = await this.repo.panelPlace(m, callId, evaluatorId, true);
      if (!place) throw invitationNotFound(callId);
      if (place.status !== 'ACCEPTED') throw invitationState(place.status);
      await this.repo.setPanelStatus(m, callId, evaluatorId, 'DROPPED_OUT', { reason });
      let released = 0;
      let reassigned = 0;
      let shortfalls: { entryId: string; message: string }[] = [];
      if (await this.repo.callEvaluation(m, callId)) {
        const settings = settingsOf(call);
        const report = await this.staffing.release(m, callId, settings.evaluatorsPerEntry, [
          { release: { kind: 'DROPPED_OUT', evaluatorId }, cause: 'DROPPED_OUT', note: reason },
        ]);
        released = report.released;
        reassigned = report.assigned;
        shortfalls = report.shortfalls.map((s) => ({ entryId: s.entryId, message: s.message }));
      }
      await appendAudit(m, {
        action: 'panel.dropped-out',
        entityType: 'panel',
        entityId: `${callId}/${evaluatorId}`,
        before: { status: 'ACCEPTED' },
        after: { status: 'DROPPED_OUT', reason, released, reassigned, shortfalls },
      });
      return { callId, evaluatorId, status: 'DROPPED_OUT', released, reassigned, shortfalls };
    });
  }
}
