import { AuthUser } from '@grants/auth';
import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EvaluationRepository } from '../../workflow/evaluation.repository';
import { SaveProfileDto } from '../dto/pool.dto';
import { profileView } from '../pool.views';

/** An evaluator joins the pool, or updates their profile and standing declarations. */
@Injectable()
export class SaveProfileUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
  ) {}

  async execute(user: AuthUser, dto: SaveProfileDto) {
    return this.ds.transaction(async (m) => {
      const before = await this.repo.profile(m, user.id);
      const clean = (xs?: string[]) => [...new Set((xs ?? []).map((x) => x.trim()).filter(Boolean))];
      await this.repo.saveProfile(m, {
        userId: user.id,
        displayName: dto.displayName.trim(),
        email: dto.email.trim().toLowerCase(),
        organisation: dto.organisation?.trim() || null,
        languages: clean(dto.languages),
        expertise: clean(dto.expertise),
        maxLoadPerCall: dto.maxLoadPerCall ?? null,
        declared: {
          organisations: clean(dto.declaredConflicts?.organisations),
          municipalities: clean(dto.declaredConflicts?.municipalities),
          persons: clean(dto.declaredConflicts?.persons),
        },
      });
      const after = (await this.repo.profile(m, user.id))!;
      await appendAudit(m, {
        action: before ? 'evaluator.profile-updated' : 'evaluator.joined-pool',
        entityType: 'evaluator',
        entityId: user.id,
        before: before ? profileView(before) : undefined,
        after: profileView(after),
      });
      return profileView(after);
    });
  }
}
