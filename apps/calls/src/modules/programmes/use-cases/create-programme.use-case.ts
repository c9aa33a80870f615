import { currentContext } from '@grants/common';
import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreateProgrammeDto } from '../dto/create-programme.dto';
import { ProgrammeEntity } from '../entities/programme.entity';
import { programmeProblems } from '../programme-rules';
import { programmeCodeTaken, programmeInvalid } from '../programmes.errors';

@Injectable()
export class CreateProgrammeUseCase {
  constructor(private readonly ds: DataSource) {}

  async execute(dto: CreateProgrammeDto): Promise<ProgrammeEntity> {
    const budgetMinor = BigInt(dto.budgetMinor);
    const problems = programmeProblems({ ...dto, budgetMinor });
    if (problems.length) throw programmeInvalid(problems);
    try {
      return await this.ds.transaction(async (m) => {
        const repo = m.getRepository(ProgrammeEntity);
        if (await repo.exist({ where: { code: dto.code } })) throw programmeCodeTaken(dto.code);
        const programme = repo.create({
          id: randomUUID(),
          code: dto.code,
          name: dto.name,
          funder: dto.funder,
          currency: dto.currency,
          budgetMinor,
          startsOn: dto.startsOn ?? null,
          endsOn: dto.endsOn ?? null,
          createdBy: currentContext()?.actorId ?? null,
          createdAt: new Date(),
        });
        await repo.insert(programme);
        await appendAudit(m, {
          action: 'programme.created',
          entityType: 'programme',
          entityId: programme.id,
          before: null,
          after: { code: programme.code, name: programme.name, funder: programme.funder, currency: programme.currency, budgetMinor: dto.budgetMinor },
        });
        return programme;
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw programmeCodeTaken(dto.code);
      throw err;
    }
  }
}
