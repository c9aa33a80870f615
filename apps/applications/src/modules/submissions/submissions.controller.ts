import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SubmitApplicationDto } from './dto/submit-application.dto';
import { ApplicationEntity } from './entities/application.entity';
import { applicationNotFound } from './submissions.errors';
import { SubmitApplicationUseCase } from './use-cases/submit-application.use-case';

@Controller()
export class SubmissionsController {
  constructor(
    private readonly submit: SubmitApplicationUseCase,
    private readonly ds: DataSource,
  ) {}

  /** Public URL `/api/calls/{callId}/applications`: the gateway routes it here. */
  @Post('calls/:callId/applications')
  async submitToCall(@Param('callId', ParseUUIDPipe) callId: string, @Body() dto: SubmitApplicationDto) {
    return this.submit.execute(callId, dto);
  }

  @Get('applications/:applicationId')
  async get(@Param('applicationId', ParseUUIDPipe) id: string) {
    const a = await this.ds.getRepository(ApplicationEntity).findOneBy({ id });
    if (!a) throw applicationNotFound(id);
    return {
      id: a.id,
      callId: a.callId,
      reference: a.reference,
      status: a.status,
      language: a.language,
      submittedAt: a.submittedAt.toISOString(),
      contentSha256: a.contentSha256,
    };
  }
}
