import { Roles } from '@grants/auth';
import { answeredProblem, InputError } from '@grants/common';
import { CALL_STATUSES, CallStatus } from '@grants/contracts';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { OutcomeView } from '../outcome/outcome.view';
import { callView } from './call-view';
import { callNotFound } from './calls.errors';
import { publicationProblems } from './domain/call-rules';
import { AmendCallDto } from './dto/amend-call.dto';
import { CancelCallDto } from './dto/cancel-call.dto';
import { CreateCallDto } from './dto/create-call.dto';
import { UpdateCallDto } from './dto/update-call.dto';
import { CallVersionEntity } from './entities/call-version.entity';
import { CallEntity } from './entities/call.entity';
import { AdvanceCallUseCase } from './use-cases/advance-call.use-case';
import { AmendCallUseCase } from './use-cases/amend-call.use-case';
import { CancelCallUseCase } from './use-cases/cancel-call.use-case';
import { CreateCallUseCase } from './use-cases/create-call.use-case';
import { PublishCallUseCase } from './use-cases/publish-call.use-case';
import { UpdateDraftUseCase } from './use-cases/update-draft.use-case';

/** The programme officer's side of calls: write, publish, amend, cancel, follow. */
@Controller('calls')
export class CallsController {
  constructor(
    private readonly createCall: CreateCallUseCase,
    private readonly updateDraft: UpdateDraftUseCase,
    private readonly publishCall: PublishCallUseCase,
    private readonly amendCall: AmendCallUseCase,
    private readonly cancelCall: CancelCallUseCase,
    private readonly advanceCall: AdvanceCallUseCase,
    private readonly outcomes: OutcomeView,
    private readonly ds: DataSource,
  ) {}

  private async load(callId: string): Promise<CallEntity> {
    const call = await this.ds.getRepository(CallEntity).findOneBy({ id: callId });
    if (!call) throw callNotFound(callId);
    return call;
  }

  @Roles('PROGRAMME_OFFICER')
  @Post()
  async create(@Body() dto: CreateCallDto) {
    return callView(await this.createCall.execute(dto));
  }

  /** Every call, drafts included, newest first. `?status=DRAFT,OPEN` narrows it. */
  @Roles('PROGRAMME_OFFICER', 'ADMIN')
  @Get()
  async list(@Query('status') status?: string) {
    const statuses = status?.split(',').filter(Boolean) ?? [];
    const unknown = statuses.filter((s) => !(CALL_STATUSES as readonly string[]).includes(s));
    if (unknown.length) throw new InputError('REQUEST.INVALID', 'Unknown status', [{ field: 'status', code: 'ONE_OF', params: { allowed: [...CALL_STATUSES] }, reason: `unknown: ${unknown.join(', ')}` }]);
    const calls = await this.ds.getRepository(CallEntity).find({
      where: statuses.length ? { status: In(statuses as CallStatus[]) } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 500,
    });
    return { calls: calls.map((c) => callView(c)) };
  }

  @Roles('PROGRAMME_OFFICER', 'ADMIN')
  @Get(':callId')
  async get(@Param('callId', ParseUUIDPipe) callId: string) {
    const call = await this.load(callId);
    return { ...callView(call), outcome: await this.outcomes.summary(callId) };
  }

  @Roles('PROGRAMME_OFFICER')
  @Patch(':callId')
  async update(@Param('callId', ParseUUIDPipe) callId: string, @Body() dto: UpdateCallDto) {
    return callView(await this.updateDraft.execute(callId, dto));
  }

  /** What would keep this draft from being published, without publishing it. */
  @Roles('PROGRAMME_OFFICER')
  @Get(':callId/publication-check')
  async check(@Param('callId', ParseUUIDPipe) callId: string) {
    const call = await this.load(callId);
    if (call.status !== 'DRAFT') {
      const published = { field: 'status', code: 'NOT_ALLOWED_NOW', params: { state: call.status }, reason: 'already published' } as const;
      return { status: call.status, ready: false, problems: [published] };
    }
    // The programme's budget is checked for real at publication, under its lock.
    const problems = publicationProblems(call, new Date()).map(answeredProblem);
    return { status: call.status, ready: problems.length === 0, problems };
  }

  @Roles('PROGRAMME_OFFICER')
  @Post(':callId/publish')
  @HttpCode(200)
  async publish(@Param('callId', ParseUUIDPipe) callId: string) {
    return callView(await this.publishCall.execute(callId));
  }

  @Roles('PROGRAMME_OFFICER')
  @Post(':callId/amendments')
  async amend(@Param('callId', ParseUUIDPipe) callId: string, @Body() dto: AmendCallDto) {
    const { call, version } = await this.amendCall.execute(callId, dto);
    return { ...callView(call), amendment: { version: version.version, reason: version.reason, changes: version.changes } };
  }

  @Roles('PROGRAMME_OFFICER', 'ADMIN')
  @Get(':callId/versions')
  async versions(@Param('callId', ParseUUIDPipe) callId: string) {
    await this.load(callId);
    const versions = await this.ds.getRepository(CallVersionEntity).find({ where: { callId }, order: { version: 'ASC' } });
    return {
      versions: versions.map((v) => ({
        version: v.version,
        reason: v.reason,
        changes: v.changes,
        createdBy: v.createdBy,
        createdAt: v.createdAt.toISOString(),
        snapshot: v.snapshot,
      })),
    };
  }

  @Roles('PROGRAMME_OFFICER')
  @Post(':callId/cancel')
  @HttpCode(200)
  async cancel(@Param('callId', ParseUUIDPipe) callId: string, @Body() dto: CancelCallDto) {
    return callView(await this.cancelCall.execute(callId, dto.reason));
  }

  @Roles('PROGRAMME_OFFICER')
  @Post(':callId/start-evaluation')
  @HttpCode(200)
  async startEvaluation(@Param('callId', ParseUUIDPipe) callId: string) {
    return callView(await this.advanceCall.execute(callId, 'start-evaluation'));
  }

  @Roles('PROGRAMME_OFFICER')
  @Post(':callId/archive')
  @HttpCode(200)
  async archive(@Param('callId', ParseUUIDPipe) callId: string) {
    return callView(await this.advanceCall.execute(callId, 'archive'));
  }

  /** Counts, amounts and the ranking (references and scores only) once evaluation published results. */
  @Roles('PROGRAMME_OFFICER', 'ADMIN')
  @Get(':callId/outcome')
  async outcome(@Param('callId', ParseUUIDPipe) callId: string) {
    await this.load(callId);
    return { callId, outcome: await this.outcomes.full(callId) };
  }
}
