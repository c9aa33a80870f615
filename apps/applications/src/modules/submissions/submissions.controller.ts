import { assertCanAccess, AuthUser, Authenticated, CurrentUser, Roles } from '@grants/auth';
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
  @Roles('APPLICANT')
  @Post('calls/:callId/applications')
  async submitToCall(
    @CurrentUser() user: AuthUser,
    @Param('callId', ParseUUIDPipe) callId: string,
    @Body() dto: SubmitApplicationDto,
  ) {
    return this.submit.execute(callId, user.id, dto);
  }

  /** The applicant's own application, or any for a programme officer; 404 for everyone else. */
  @Authenticated()
  @Get('applications/:applicationId')
  async get(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) id: string) {
    const a = await this.ds.getRepository(ApplicationEntity).findOneBy({ id });
    if (!a) throw applicationNotFound(id);
    assertCanAccess(user, a.applicantUserId, ['PROGRAMME_OFFICER'], () => applicationNotFound(id));
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
