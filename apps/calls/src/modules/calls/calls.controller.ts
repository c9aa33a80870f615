import { Roles } from '@grants/auth';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { callNotFound } from './calls.errors';
import { CreateCallDto } from './dto/create-call.dto';
import { CallEntity } from './entities/call.entity';
import { CreateCallUseCase } from './use-cases/create-call.use-case';
import { PublishCallUseCase } from './use-cases/publish-call.use-case';

export function callView(c: CallEntity) {
  return {
    id: c.id,
    referenceCode: c.referenceCode,
    kind: c.kind,
    status: c.status,
    currency: c.currency,
    budgetMinor: c.budgetMinor.toString(),
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    timeZone: c.timeZone,
    blindReview: c.blindReview,
    defaultLanguage: c.defaultLanguage,
    texts: c.texts,
    version: c.version,
    publishedAt: c.publishedAt?.toISOString() ?? null,
  };
}

@Controller('calls')
export class CallsController {
  constructor(
    private readonly createCall: CreateCallUseCase,
    private readonly publishCall: PublishCallUseCase,
    private readonly ds: DataSource,
  ) {}

  @Roles('PROGRAMME_OFFICER')
  @Post()
  async create(@Body() dto: CreateCallDto) {
    return callView(await this.createCall.execute(dto));
  }

  @Roles('PROGRAMME_OFFICER')
  @Post(':callId/publish')
  @HttpCode(200)
  async publish(@Param('callId', ParseUUIDPipe) callId: string) {
    return callView(await this.publishCall.execute(callId));
  }

  @Roles('PROGRAMME_OFFICER', 'ADMIN')
  @Get(':callId')
  async get(@Param('callId', ParseUUIDPipe) callId: string) {
    const call = await this.ds.getRepository(CallEntity).findOne({ where: { id: callId } });
    if (!call) throw callNotFound(callId);
    return callView(call);
  }
}
