import { Roles } from '@grants/auth';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CreateProgrammeDto } from './dto/create-programme.dto';
import { ProgrammeEntity } from './entities/programme.entity';
import { programmeNotFound } from './programmes.errors';
import { CreateProgrammeUseCase } from './use-cases/create-programme.use-case';

interface Rollup {
  committed: string;
  planned: string;
}

function programmeView(p: ProgrammeEntity, r: Rollup) {
  const committed = BigInt(r.committed);
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    funder: p.funder,
    currency: p.currency,
    budgetMinor: p.budgetMinor.toString(),
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    /** Budgets of its published, not cancelled, calls. */
    committedMinor: committed.toString(),
    /** Budgets of its drafts: not yet taken from the programme. */
    plannedMinor: r.planned,
    remainingMinor: (p.budgetMinor - committed).toString(),
  };
}

/** Programmes live under /calls because the gateway routes by service: /api/calls/programmes. */
@Controller('calls/programmes')
export class ProgrammesController {
  constructor(
    private readonly createProgramme: CreateProgrammeUseCase,
    private readonly ds: DataSource,
  ) {}

  private async rollup(ids: string[]): Promise<Map<string, Rollup>> {
    const rows: (Rollup & { programme_id: string })[] = await this.ds.query(
      `SELECT programme_id,
              coalesce(sum(budget_minor) FILTER (WHERE status NOT IN ('DRAFT', 'CANCELLED')), 0)::text AS committed,
              coalesce(sum(budget_minor) FILTER (WHERE status = 'DRAFT'), 0)::text AS planned
         FROM call WHERE programme_id = ANY($1::uuid[]) GROUP BY programme_id`,
      [ids],
    );
    return new Map(rows.map((r) => [r.programme_id, r]));
  }

  @Roles('PROGRAMME_OFFICER')
  @Post()
  async create(@Body() dto: CreateProgrammeDto) {
    const p = await this.createProgramme.execute(dto);
    return programmeView(p, { committed: '0', planned: '0' });
  }

  @Roles('PROGRAMME_OFFICER', 'ADMIN')
  @Get()
  async list() {
    const programmes = await this.ds.getRepository(ProgrammeEntity).find({ order: { code: 'ASC' } });
    const rollup = await this.rollup(programmes.map((p) => p.id));
    return { programmes: programmes.map((p) => programmeView(p, rollup.get(p.id) ?? { committed: '0', planned: '0' })) };
  }

  @Roles('PROGRAMME_OFFICER', 'ADMIN')
  @Get(':programmeId')
  async get(@Param('programmeId', ParseUUIDPipe) id: string) {
    const p = await this.ds.getRepository(ProgrammeEntity).findOneBy({ id });
    if (!p) throw programmeNotFound(id);
    const calls: { id: string; reference_code: string; status: string; budget_minor: string }[] = await this.ds.query(
      `SELECT id, reference_code, status, budget_minor::text FROM call WHERE programme_id = $1 ORDER BY created_at, id`,
      [id],
    );
    const view = programmeView(p, (await this.rollup([id])).get(id) ?? { committed: '0', planned: '0' });
    return { ...view, calls: calls.map((c) => ({ id: c.id, referenceCode: c.reference_code, status: c.status, budgetMinor: c.budget_minor })) };
  }
}
